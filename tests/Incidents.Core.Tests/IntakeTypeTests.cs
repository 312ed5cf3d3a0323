using Incidents.Core.Intake;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

/// <summary>Which type a new case may take: an unknown type and one kept only for its open cases are told apart.</summary>
public class IntakeTypeTests
{
    /// <summary>The shipped set with voter-list-complaint's file removed: the database still holds its v1 for open cases.</summary>
    private static readonly WorkflowCatalog Catalog = new(
        Shipped.Catalog.Latest.Where(d => d.Id != "voter-list-complaint"),
        archived: [Shipped.Get("voter-list-complaint")]);

    private static readonly string Open = string.Join(", ", Catalog.Latest.Select(d => d.Id));

    private static string[] TypeErrors(string type) => IntakeValidator.Validate(new IntakeRequest
    {
        Type = type, Title = "Đơn", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-20T09:00:00+07:00",
        Reporter = new ReporterInput("A", "B", "0912 345 678", null),
    }, Catalog, DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), (_, _) => true).Errors["type"];

    [Fact]
    public void A_type_kept_only_for_its_open_cases_says_it_takes_no_new_ones()
    {
        Assert.True(Catalog.IsRetired("voter-list-complaint"));
        Assert.Equal(
            [$"Loại hồ sơ 'voter-list-complaint' không còn nhận hồ sơ mới. Các loại: {Open}. / The case type 'voter-list-complaint' no longer takes new cases. Open: {Open}."],
            TypeErrors("voter-list-complaint"));
    }

    [Fact]
    public void An_unknown_type_is_still_unknown()
    {
        Assert.False(Catalog.IsRetired("parking"));
        Assert.Equal([$"Không có loại hồ sơ 'parking'. Các loại: {Open}. / Unknown case type 'parking'. Known: {Open}."], TypeErrors("parking"));
    }

    [Fact]
    public void Newest_is_the_highest_stored_version_current_or_archived()
    {
        var v1 = Shipped.Get("complaint") with { Version = 1 };
        var v2 = v1 with { Version = 2, Name = new("Khiếu nại (mới)", "Complaint (new)") };
        var catalog = new WorkflowCatalog([v1], archived: [v2]);
        Assert.Same(v1, catalog.Current("complaint"));
        Assert.Same(v2, catalog.Newest("complaint"));
        Assert.Null(catalog.Newest("parking"));
        Assert.False(catalog.IsRetired("complaint"));
    }
}
