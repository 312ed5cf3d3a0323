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
public sealed class DocumentsModel(DocumentLibrary library, Core.Workflows.WorkflowCatalog catalog, UiText t) : PageModel
{
    /// <summary>"Khiếu nại · Thụ lý": the type's name and the action's label that issue a document, never their ids.</summary>
    public string IssuedBy((string Type, string Action, IReadOnlyList<string> Kinds) o) =>
        Ui.Display.Show.TypeName(catalog, o.Type) + " · " + ((catalog.Current(o.Type) ?? catalog.Newest(o.Type))?.States.SelectMany(s => s.Actions)
            .FirstOrDefault(a => a.Id == o.Action) is { } a ? Ui.Display.Show.Text(a.Label) : o.Action);

    public DocumentTemplates Current => library.Current;
    public DocumentTemplates LastCheck => library.LastCheck;

    public string Addressee(DocumentKind k) => k.Addressee switch
    {
        Core.Documents.Addressee.Citizen => t["the reporter"],
        Core.Documents.Addressee.Denouncer => t["the denouncer"],
        Core.Documents.Addressee.Accused => t["the accused"],
        _ => t["another body or the file"],
    };

    /// <summary>A placeholder's description: the action inputs it quotes ("decision-date") are what a template author
    /// looks up in the workflow file, so they are shown as code, not as words.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Described(Core.Workflows.LocalizedText words) =>
        new Microsoft.AspNetCore.Html.HtmlString(System.Text.RegularExpressions.Regex.Replace(
            System.Net.WebUtility.HtmlEncode(Ui.Display.Show.Text(words)), "&quot;([a-z-]+)&quot;", "<code>$1</code>"));

    public void OnGet() { }

    public IActionResult OnPostReload()
    {
        var read = library.Reload();
        if (read.IsValid) TempData["Flash"] = t["The templates were read again and are in force."];
        else TempData["Problem"] = t["The folder has problems; the templates in force are unchanged."];
        return Redirect("/admin/documents");
    }
}
