using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Desk;
using Incidents.Web.Handling;

namespace Incidents.Web.Triage;

/// <summary>A selected case with the row version its reader saw.</summary>
public sealed record BulkCase(string Number, int RowVersion);

/// <summary>
/// One bulk operation on selected cases. Op: assign (Assignee: login, blank unassigns), action (Action: a workflow action
/// with no inputs), link (the cases linked to the first, "related"), label or unlabel (Label: its name).
/// </summary>
public sealed record BulkRequest(IReadOnlyList<BulkCase>? Cases, string? Op, string? Action = null, string? Assignee = null, string? Label = null);

/// <summary>What happened to one case: done, conflict (changed since read), refused (not allowed), not-found, failed.</summary>
public sealed record BulkCaseResult(string Number, string Status, string? Message = null);

/// <summary>
/// Errors (field -> English) when the request itself is wrong or a check before any write failed: then nothing was done
/// (Status 400 for fields, 409 for cases that changed or do not allow the operation). Otherwise Results has every case.
/// </summary>
public sealed record BulkResult(int Status, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<BulkCaseResult> Results)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Bulk operations on the queue's selected cases, one path for POST /api/v1/cases/bulk and the queue's bulk bar; each goes
/// through the use case's own service (CaseAssignment, CaseActions, CaseLinking) or, for labels, one transaction.
/// A state action is checked for every case before any runs (each visible, at the row version read, the action offered
/// to this user now) and refused whole when one fails. It then runs case by case, each its own transaction through
/// CaseActions (its history line and deadlines with it): one transaction across cases would need a second commit path
/// beside CaseActions. A case changed between the check and its turn is reported as a conflict; the others stand.
/// Actions that take inputs (a decision's text, a reason) are never offered in bulk: each case needs its own words.
/// </summary>
public sealed class CaseBulk(CaseAssignment assignment, CaseActions actions, CaseLinking linking, LabelStore labels)
{
    public const int MaxCases = 200;
    public static readonly IReadOnlyList<string> Ops = ["assign", "action", "link", "label", "unlabel"];

    /// <summary>The workflow actions every one of these cases allows this user now and that take no inputs (first case's order).</summary>
    public async Task<IReadOnlyList<ActionView>> OfferedAsync(IReadOnlyCollection<string> numbers, Actor actor, CancellationToken ct = default)
    {
        List<ActionView>? common = null;
        foreach (var number in numbers.Distinct(StringComparer.Ordinal))
        {
            var available = await actions.AvailableAsync(number, actor, ct);
            if (available is null) return [];
            var here = available.Actions.Where(a => a.Inputs.Count == 0).ToList();
            common = common is null ? here : [.. common.Where(a => here.Any(h => h.Id == a.Id))];
            if (common.Count == 0) return [];
        }
        return common ?? [];
    }

    public async Task<BulkResult> RunAsync(BulkRequest r, Actor actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        // A JSON body may hold null items or numbers: they are skipped, never dereferenced.
        var cases = (r.Cases ?? []).Where(c => c is not null && !string.IsNullOrWhiteSpace(c.Number))
            .Select(c => c with { Number = c.Number.Trim().ToUpperInvariant() }).DistinctBy(c => c.Number).ToList();
        if (cases.Count == 0) errors["cases"] = "cases is required: at least one {number, rowVersion}.";
        else if (cases.Count > MaxCases) errors["cases"] = $"At most {MaxCases} cases at once.";
        var op = r.Op?.Trim();
        if (op is null || !Ops.Contains(op)) errors["op"] = $"op must be one of {string.Join(", ", Ops)}.";
        var label = CaseText.Clean(r.Label);
        if (op is "label" or "unlabel")
        {
            if (label is null) errors["label"] = "label is required.";
            else if (label.Length > LabelStore.MaxNameLength) errors["label"] = $"label is longer than {LabelStore.MaxNameLength} characters.";
            else if (PlainText.Check(label) is { } fault) errors["label"] = PlainText.Message(fault, new Core.Workflows.LocalizedText("Nhãn", "The label"));
        }
        if (op == "action" && string.IsNullOrWhiteSpace(r.Action)) errors["action"] = "action is required.";
        if (op == "link" && cases.Count < 2 && !errors.ContainsKey("cases")) errors["cases"] = "Linking needs at least two cases.";
        if (errors.Count > 0) return new(400, errors, []);

        // Checks before any write: every case visible to this user, handled by them, at the version they read.
        var read = new List<Storage.Triage.CaseDetail>();
        var missing = new List<string>();
        var stale = new List<string>();
        var forbidden = new List<string>();
        foreach (var c in cases)
        {
            if (await assignment.ReadAsync(c.Number, actor, ct) is not { } d) { missing.Add(c.Number); continue; }
            if (!Visibility.MayHandle(actor, d.Team)) forbidden.Add(c.Number);
            else if (d.Case.RowVersion != c.RowVersion && op is "action") stale.Add(c.Number);
            read.Add(d);
        }
        if (missing.Count > 0) errors["cases"] = $"There are no cases {string.Join(", ", missing)}.";
        else if (forbidden.Count > 0) errors["cases"] = $"You may not act on {string.Join(", ", forbidden)}.";
        if (errors.Count > 0) return new(400, errors, []);
        if (stale.Count > 0) return new(409, new Dictionary<string, string> { ["cases"] = $"Changed since you read them: {string.Join(", ", stale)}. Reload and try again." }, []);

        var results = new List<BulkCaseResult>();
        switch (op)
        {
            case "action":
            {
                var action = r.Action!.Trim();
                var offered = await OfferedAsync([.. cases.Select(c => c.Number)], actor, ct);
                if (!offered.Any(a => a.Id == action))
                {
                    var refusing = new List<string>();
                    foreach (var c in cases)
                        if ((await actions.AvailableAsync(c.Number, actor, ct))?.Actions.Any(a => a.Id == action && a.Inputs.Count == 0) != true) refusing.Add(c.Number);
                    return new(409, new Dictionary<string, string> { ["action"] = $"'{action}' is not allowed in bulk for {string.Join(", ", refusing)}: nothing was done." }, []);
                }
                foreach (var c in cases)
                {
                    var done = await actions.PerformAsync(c.Number, actor, action, new Dictionary<string, string>(), c.RowVersion, ct: ct);
                    results.Add(new(c.Number, done.Status switch
                    {
                        CaseActionStatus.Done => "done",
                        CaseActionStatus.Conflict => "conflict",
                        CaseActionStatus.NotFound => "not-found",
                        CaseActionStatus.Forbidden or CaseActionStatus.NotPermitted => "refused",
                        _ => "failed",
                    }, done.Status == CaseActionStatus.Done ? null : done.Message));
                }
                break;
            }
            case "assign":
                foreach (var c in cases)
                {
                    var done = await assignment.AssignAsync(c.Number, actor, r.Assignee, c.RowVersion, ct);
                    if (done.Status == AssignmentStatus.Invalid) return new(400, done.FieldErrors!, results);
                    results.Add(new(c.Number, done.Status switch
                    {
                        AssignmentStatus.Done => "done",
                        AssignmentStatus.Conflict => "conflict",
                        AssignmentStatus.NotFound => "not-found",
                        _ => "refused",
                    }, done.Status == AssignmentStatus.Done ? null : done.Message));
                }
                break;
            case "link":
                // The first selected case is the hub: each other one is linked to it (both histories say so).
                foreach (var c in cases.Skip(1))
                {
                    var done = await linking.LinkAsync(cases[0].Number, c.Number, "related", actor, ct);
                    results.Add(new(c.Number, done == LinkStatus.Done ? "done" : "refused", done == LinkStatus.Done ? null : done.ToString()));
                }
                results.Insert(0, new(cases[0].Number, "done"));
                break;
            case "label":
                await labels.PutAsync([.. read.Select(d => d.Case.Id)], label!, actor.Login, ct);
                results.AddRange(cases.Select(c => new BulkCaseResult(c.Number, "done")));
                break;
            case "unlabel":
                await labels.TakeAsync([.. read.Select(d => d.Case.Id)], label!, ct);
                results.AddRange(cases.Select(c => new BulkCaseResult(c.Number, "done")));
                break;
        }
        return new(200, new Dictionary<string, string>(), results);
    }
}
