using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Desk;
using Incidents.Web.Triage;
using Microsoft.AspNetCore.WebUtilities;

namespace Incidents.Web.Desk;

/// <summary>A saved view to create: Query is the queue's query string (Type=...&amp;Overdue=true); Team the queue it filters
/// (complaints or security; may be left out by a member of one team only).</summary>
public sealed record NewSavedView(string? Name, string? Query, bool? Shared, string? Team = null);

/// <summary>A saved view as listed: Url opens the queue with its filters; Mine: the reader owns it (may delete it).</summary>
public sealed record SavedViewItem(long Id, string Name, string Team, string Query, bool Shared, bool Mine, string Owner, string Url);

/// <summary>Created: the view. Otherwise Errors names each wrong field (the API's English; Ui: a UiText key and arguments for the pages).</summary>
public sealed record SavedViewResult(SavedViewItem? Created, IReadOnlyDictionary<string, QueueError> Errors);

/// <summary>
/// Saved views (issue #12): a named set of queue filters, the owner's alone or shared with a team. The query is read by
/// the queue's own parser before it is stored (an unknown filter or a bad value is refused naming the field), and stored
/// rebuilt from what was read, so opening a view never meets a filter the queue refuses. A shared view is listed to
/// everyone who sees its team's queue (Visibility.SeesTeam: the team's members, leadership, admin); only its owner deletes it.
/// </summary>
public sealed class SavedViews(SavedViewStore store)
{
    public const int MaxNameLength = 80;

    /// <summary>The filters a view may hold, as the queue pages name them.</summary>
    public static readonly IReadOnlyList<string> Filters = ["Type", "State", "Locality", "Assignee", "Overdue", "Q", "Label", "Sort"];

    /// <summary>The queue page a team's view opens.</summary>
    public static string QueuePath(string team) => team == Roles.Security ? "/incidents" : "/cases";

    /// <summary>The teams whose shared views this user sees.</summary>
    public static IReadOnlyList<string> Teams(Actor a) => [.. new[] { Roles.Complaints, Roles.Security }.Where(t => Visibility.SeesTeam(a, t))];

    public async Task<IReadOnlyList<SavedViewItem>> ListAsync(Actor actor, CancellationToken ct = default) =>
        [.. (await store.VisibleAsync(actor.Id, Teams(actor), ct)).Select(v => Item(v, actor))];

    private static SavedViewItem Item(SavedView v, Actor actor) =>
        new(v.Id, v.Name, v.Team, v.Query, v.Shared, v.OwnerId == actor.Id, v.OwnerName, QueuePath(v.Team) + (v.Query.Length == 0 ? "" : "?" + v.Query));

    /// <summary>The filters as a canonical query string (known names, blank ones left out), or the fields that are wrong.</summary>
    public static (string? Query, Dictionary<string, QueueError> Errors) ReadQuery(string? text)
    {
        var errors = new Dictionary<string, QueueError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var raw = QueryHelpers.ParseQuery((text ?? "").Trim().TrimStart('?'));
        foreach (var (key, value) in raw)
        {
            var name = Filters.FirstOrDefault(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase));
            if (name is null) { errors["query." + key] = new("'{0}' is not a queue filter.", "'{0}' is not a queue filter.", key); continue; }
            if (value.Count > 1) { errors["query." + name] = new("{0} is given more than once.", "{0} is given more than once.", name); continue; }
            if (CaseText.Clean(value.ToString()) is { } v) values[name] = v;
        }
        if (errors.Count > 0) return (null, errors);
        var parsed = CaseQueue.Parse(new QueueRequest(values.GetValueOrDefault("Type"), values.GetValueOrDefault("State"), values.GetValueOrDefault("Locality"),
            values.GetValueOrDefault("Assignee"), values.GetValueOrDefault("Overdue"), values.GetValueOrDefault("Q"), Label: values.GetValueOrDefault("Label"),
            Sort: values.GetValueOrDefault("Sort")), null);
        foreach (var (field, e) in parsed.Errors) errors["query." + Filters.First(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase))] = e;
        if (errors.Count > 0) return (null, errors);
        return (string.Join("&", Filters.Where(values.ContainsKey).Select(f => $"{f}={Uri.EscapeDataString(values[f])}")), errors);
    }

    public async Task<SavedViewResult> CreateAsync(NewSavedView v, Actor actor, CancellationToken ct = default)
    {
        var (query, errors) = ReadQuery(v.Query);
        var name = CaseText.Clean(v.Name);
        if (name is null) errors["name"] = new("name is required.", "Give the view a name.");
        else if (name.Length > MaxNameLength) errors["name"] = new("name is longer than {0} characters.", "The name is longer than {0} characters.", MaxNameLength);
        else if (PlainText.Check(name) is { } fault)
            errors["name"] = new(PlainText.Message(fault, new Core.Workflows.LocalizedText("Tên", "The name")).Replace("{", "{{").Replace("}", "}}"), "The name holds a character that cannot be stored.");
        var mine = Teams(actor).Where(t => actor.Has(t)).ToList();
        var team = CaseText.Clean(v.Team) ?? (mine.Count == 1 ? mine[0] : null);
        if (team is null) errors["team"] = new("team is required (complaints or security).", "Choose the queue the view belongs to.");
        else if (team is not (Roles.Complaints or Roles.Security) || !Visibility.SeesTeam(actor, team))
            errors["team"] = new("team must be a queue you see: {0}.", "Choose the queue the view belongs to.", string.Join(", ", Teams(actor)));
        if (errors.Count > 0) return new(null, errors);

        var id = await store.CreateAsync(actor.Id, name!, team!, query!, v.Shared == true, ct);
        if (id is null) return new(null, new Dictionary<string, QueueError> { ["name"] = new("You already have a view named '{0}'.", "You already have a view named '{0}'.", name!) });
        return new(Item((await store.GetAsync(id.Value, ct))!, actor), errors);
    }

    public enum DeleteStatus { Deleted, NotFound, NotOwner }

    /// <summary>Deletes the reader's own view; another's they see is NotOwner, one they do not see NotFound.</summary>
    public async Task<DeleteStatus> DeleteAsync(long id, Actor actor, CancellationToken ct = default)
    {
        var v = await store.GetAsync(id, ct);
        if (v is null || (v.OwnerId != actor.Id && !(v.Shared && Visibility.SeesTeam(actor, v.Team)))) return DeleteStatus.NotFound;
        if (v.OwnerId != actor.Id) return DeleteStatus.NotOwner;
        return await store.DeleteAsync(id, actor.Id, ct) ? DeleteStatus.Deleted : DeleteStatus.NotFound;
    }

    internal static string Invariant(long id) => id.ToString(CultureInfo.InvariantCulture);
}
