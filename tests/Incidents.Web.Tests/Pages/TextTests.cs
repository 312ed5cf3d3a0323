using System.Text.RegularExpressions;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Tests.Pages;

/// <summary>Every literal the pages pass to T[...] or T.F(...) has a Vietnamese entry (Vietnamese is the default language).</summary>
public sealed class TextTests
{
    [Fact]
    public void Every_page_text_has_a_Vietnamese_translation()
    {
        var root = Repo.Dir("src/Incidents.Web");
        var files = Directory.GetFiles(Path.Combine(root, "Pages"), "*.cs*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "Ui"), "*.cs", SearchOption.AllDirectories));
        var pattern = new Regex(@"\b[Tt](?:\.F\(|\[)""((?:[^""\\]|\\.)+)""");
        var used = files.SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\""))).ToHashSet();
        Assert.True(used.Count > 150, $"found only {used.Count} texts; is the pattern still right?");
        var missing = used.Where(k => !UiText.Vietnamese.ContainsKey(k)).OrderBy(k => k).ToList();
        Assert.True(missing.Count == 0, "no Vietnamese for: " + string.Join(" | ", missing));
    }
}
