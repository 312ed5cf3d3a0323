using System.Globalization;
using Incidents.Storage.Localities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>Administrative units with their validity dates, optionally those valid on a date.</summary>
public sealed class UnitsModel(AdminUnitStore units) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? On { get; set; }
    public IReadOnlyList<AdminUnit> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Units = DateOnly.TryParseExact(On, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? await units.ListValidOnAsync(d, ct)
            : await units.ListAsync(ct);
}
