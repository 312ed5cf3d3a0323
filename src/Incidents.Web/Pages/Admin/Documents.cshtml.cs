using Incidents.Core.Documents;
using Incidents.Web.Documents;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The document templates in force, which action issues each, the placeholders they may use, and the problems of the
/// folder's latest reading. "Check again" re-reads the folder after an administrator replaced a template: the new set
/// is taken only when every file is valid.
/// </summary>
public sealed class DocumentsModel(DocumentLibrary library, UiText t) : PageModel
{
    public DocumentTemplates Current => library.Current;
    public DocumentTemplates LastCheck => library.LastCheck;

    public string Addressee(DocumentKind k) => k.Addressee switch
    {
        Core.Documents.Addressee.Citizen => t["the reporter"],
        Core.Documents.Addressee.Denouncer => t["the denouncer"],
        Core.Documents.Addressee.Accused => t["the accused"],
        _ => t["another body or the file"],
    };

    public void OnGet() { }

    public IActionResult OnPostReload()
    {
        var read = library.Reload();
        if (read.IsValid) TempData["Flash"] = t["The templates were read again and are in force."];
        else TempData["Problem"] = t["The folder has problems; the templates in force are unchanged."];
        return Redirect("/admin/documents");
    }
}
