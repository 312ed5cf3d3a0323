using Incidents.Core.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages;

/// <summary>The start page is each role's own desk.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Complaints) ? Redirect("/cases")
        : User.IsInRole(Roles.Security) ? Redirect("/incidents")
        : User.IsInRole(Roles.Leadership) ? Redirect("/dashboard")
        : User.IsInRole(Roles.Admin) ? Redirect("/admin")
        : Redirect("/denied");
}
