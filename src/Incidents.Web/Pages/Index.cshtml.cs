using Incidents.Core.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages;

/// <summary>The start page is each role's own desk: a handler's is "Việc của tôi" (issue #12).</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Complaints) || User.IsInRole(Roles.Security) ? Redirect("/desk")
        : User.IsInRole(Roles.Leadership) ? Redirect("/dashboard")
        : User.IsInRole(Roles.Admin) ? Redirect("/admin")
        : Redirect("/denied");
}
