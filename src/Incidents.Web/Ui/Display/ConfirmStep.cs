namespace Incidents.Web.Ui.Display;

/// <summary>
/// A destructive admin action (delete a holiday, reset a year, reset a password, deactivate a user, revoke a token,
/// dismiss a quarantined letter) asks first. The server is the safety: a POST without <c>confirm=yes</c> changes nothing
/// and answers this step, the same form again with the question, the field and a way back, so a reader without scripts
/// is asked too. With scripts, wwwroot/js/confirm.js asks the form's <c>data-confirm</c> question in a dialog and adds
/// the field, which saves the round trip (the policy forbids inline scripts, hence a file).
/// </summary>
public sealed record ConfirmStep(string Question, string Handler, IReadOnlyDictionary<string, string> Fields, string Back)
{
    public const string Field = "confirm";

    /// <summary>Whether the POST carries the explicit confirmation.</summary>
    public static bool Given(HttpRequest request) => request.HasFormContentType && request.Form[Field] == "yes";
}
