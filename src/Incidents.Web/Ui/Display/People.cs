using System.Text.RegularExpressions;
using Incidents.Storage.Access;

namespace Incidents.Web.Ui.Display;

/// <summary>
/// Names, not logins (issue #12): the one place pages, the thread, the queue and the CSV turn a stored login into the
/// person's display name. The users are read once per request (a public body has hundreds, not millions); a login with
/// no account or no name shows as it is, which is better than nothing.
/// </summary>
public sealed partial class People(UserStore users)
{
    private Dictionary<string, string>? _names;

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken ct = default) =>
        _names ??= (await users.ListAsync(ct)).ToDictionary(u => u.Login,
            u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Login : u.DisplayName, StringComparer.OrdinalIgnoreCase);

    /// <summary>The display name of a login; null stays null (nobody: the caller says "unassigned" or "the system").</summary>
    public async Task<string?> NameAsync(string? login, CancellationToken ct = default) =>
        login is null ? null : (await NamesAsync(ct)).GetValueOrDefault(login) ?? login;

    /// <summary>A note's text with each "@login" mention written "@Name" (the stored text keeps the login).</summary>
    public async Task<string?> MentionsAsync(string? text, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var names = await NamesAsync(ct);
        return Mention().Replace(text, m => names.TryGetValue(m.Groups[1].Value, out var n) ? "@" + n : m.Value);
    }

    // As ThreadRules.Mentions reads them: after a space or punctuation, up to a space; a sentence's full stop is not part of it.
    [GeneratedRegex(@"(?<![\w@.])@([^\s@.,;:!?)]+)")]
    private static partial Regex Mention();
}
