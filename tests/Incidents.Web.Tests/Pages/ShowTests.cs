using System.Globalization;
using Incidents.Core.Workflows;
using Incidents.Web.Ui.Display;

namespace Incidents.Web.Tests.Pages;

/// <summary>How the pages name a case type, including one whose file was removed (kept only for its open cases).</summary>
public sealed class ShowTests
{
    private static WorkflowCatalog Retired()
    {
        var dir = Repo.Dir("workflows");
        var shipped = WorkflowLoader.Load(Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal))
            .Select(f => new WorkflowSource(Path.GetFileName(f), File.ReadAllText(f)))).Catalog;
        return new(shipped.Latest.Where(d => d.Id != "voter-list-complaint"), archived: [shipped.Current("voter-list-complaint")!]);
    }

    [Theory]
    [InlineData("vi", "Khiếu nại về danh sách cử tri")]
    [InlineData("en", "Voter-list complaint")]
    public void A_retired_type_is_named_from_its_newest_stored_version(string culture, string expected)
    {
        var catalog = Retired();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            Assert.Null(catalog.Current("voter-list-complaint"));
            Assert.Equal(expected, Show.TypeName(catalog, "voter-list-complaint"));
            Assert.Equal("parking", Show.TypeName(catalog, "parking"));
        }
        finally { CultureInfo.CurrentUICulture = before; }
    }
}
