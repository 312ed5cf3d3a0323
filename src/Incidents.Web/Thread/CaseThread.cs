using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Thread;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;
using Incidents.Storage.Outbox;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Escalation;
using Incidents.Web.Intake;
using Incidents.Web.Triage;

namespace Incidents.Web.Thread;

/// <summary>Which entries a reader asks for.</summary>
public enum ThreadFilter { All, Notes, Correspondence, Attachments }

public enum ThreadStatus { Done, NotFound, Forbidden, Invalid }

/// <summary>What a write came to. Invalid: Problems by field, in both languages; nothing was stored.</summary>
public sealed record ThreadResult(ThreadStatus Status, IReadOnlyDictionary<string, LocalizedText>? Problems = null,
    IReadOnlyList<EntryView>? Entries = null)
{
    public static ThreadResult Invalid(IReadOnlyDictionary<string, LocalizedText> problems) => new(ThreadStatus.Invalid, problems);

    /// <summary>The API's "vi / en" per field.</summary>
    public Dictionary<string, string[]> Errors() =>
        (Problems ?? new Dictionary<string, LocalizedText>()).ToDictionary(p => p.Key, p => new[] { p.Value.Vi == p.Value.En ? p.Value.Vi : $"{p.Value.Vi} / {p.Value.En}" });
}

/// <summary>A case's thread as one reader may see it.</summary>
public sealed record ThreadRead(CaseDetail Case, IReadOnlyList<EntryView> Entries, int Unread, bool MayWrite, bool SeesCounterparts);

/// <summary>
/// The case's thread, one service for the API and the case page: notes and their corrections, calls and letters logged by
/// hand, files added at any time, the mail the other engineers' features append (mail-in, mail-out, notice-out), and
/// mentions. Whoever may see the case reads its thread; whoever may handle it writes. Every write is one transaction with
/// its history line (CaseThreadStore) and, for a note naming colleagues, their mention rows and emails (the outbox).
/// A confidential reporter's correspondence (its other side, subject, text and document) is their identity: it is shown
/// as the reporter is (Reporters.ShownAsync), to a custodian who gives a reason, each such view written to the history.
/// </summary>
public sealed class CaseThread(CaseAssignment cases, CaseThreadStore thread, AttachmentStore attachments, UserStore users,
    Notifications.Notifier notifier, AccessOptions access, CaseQueries queries, CaseEventStore events, TimeProvider time, ILogger<CaseThread> log)
{
    /// <summary>
    /// The thread, newest first, filtered; null when the case is unknown or not this reader's to see. A custodian's
    /// <paramref name="reason"/> reveals a confidential reporter's correspondence (audited, as for the reporter).
    /// </summary>
    public async Task<ThreadRead?> ReadAsync(string number, Actor actor, ThreadFilter filter = ThreadFilter.All, string? reason = null,
        CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return null;
        return await ReadAsync(d, actor, filter, await RevealsAsync(d, actor, reason, "api", ct), ct);
    }

    /// <summary>
    /// The thread for a page that has already shown the reporter (<paramref name="revealed"/>: the case page's audited
    /// reveal); it counts only for a custodian.
    /// </summary>
    public async Task<ThreadRead?> ReadShownAsync(string number, Actor actor, ThreadFilter filter, bool revealed, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return null;
        return await ReadAsync(d, actor, filter, !d.ConfidentialReporter || (revealed && IsCustodian(d, actor)), ct);
    }

    private async Task<ThreadRead> ReadAsync(CaseDetail d, Actor actor, ThreadFilter filter, bool sees, CancellationToken ct)
    {
        var entries = await thread.ListAsync(d.Case.Id, ct);
        var unread = await thread.UnreadCorrespondenceAsync(d.Case.Id, ct);
        var corrections = entries.Where(e => e.RefersTo is not null).ToLookup(e => e.RefersTo!.Value);
        var views = entries.Where(e => Matches(e.Kind, filter)).Reverse()
            .Select(e => EntryView.From(e, d.Case.Number, corrections[e.Id].ToList(), Withheld(d, e, sees)))
            .ToList();
        return new ThreadRead(d, views, unread, Visibility.MayHandle(actor, d.Team), sees);
    }

    /// <summary>Whether this reader sees a confidential reporter's correspondence now: a custodian who gives a reason,
    /// written to the history as a view of the identity (Reporters.ShownAsync).</summary>
    private async Task<bool> RevealsAsync(CaseDetail d, Actor actor, string? reason, string via, CancellationToken ct)
    {
        if (!d.ConfidentialReporter) return true;
        if (string.IsNullOrWhiteSpace(reason) || !IsCustodian(d, actor)) return false;
        var shown = await Reporters.ShownAsync(d, actor, reason.Trim(), via, access.Custodians, queries, events, time.GetUtcNow(), ct);
        return !shown.Withheld;
    }

    /// <summary>The assignee has the case in front of them: its new correspondence is no longer new.</summary>
    public async Task SeenAsync(CaseDetail d, Actor actor, CancellationToken ct = default)
    {
        if (d.Case.AssigneeId == actor.Id) await thread.ClearUnreadAsync(d.Case.Id, ct);
    }

    /// <summary>
    /// A note, or with <paramref name="refersTo"/> a correction of an earlier note of the same case (the note stays; the
    /// thread shows it corrected). Each "@login" must name an active user who may see the case: they get a mention row and,
    /// with an email address, one email (its Message-Id derives from the entry and the user, so it is queued once).
    /// </summary>
    public async Task<ThreadResult> AddNoteAsync(string number, Actor actor, string? body, long? refersTo, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return new(ThreadStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(ThreadStatus.Forbidden);
        var problems = ThreadRules.CheckNote(body);
        if (refersTo is { } id)
        {
            var target = await thread.GetAsync(d.Case.Id, id, ct);
            if (target is null || !EntryKinds.IsNote(target.Kind))
                problems["refersTo"] = new("Chỉ đính chính được một ghi chú của chính hồ sơ này.", "Only a note of this same case can be corrected.");
        }
        var mentioned = new List<UserAccount>();
        foreach (var login in ThreadRules.Mentions(body))
        {
            var u = await users.FindByLoginAsync(login, ct);
            // One answer for "no such user" and "may not see it": the case is not described to anyone outside it.
            if (u is null || !u.IsActive || !Visibility.SeesTeam(u.ToActor(), d.Team))
                problems["body"] = new($"Không thể nhắc đến @{login}: không có người dùng này, hoặc người này không được xem hồ sơ.",
                    $"@{login} cannot be mentioned: there is no such user, or they may not see this case.");
            else if (u.Id != actor.Id) mentioned.Add(u);
        }
        if (problems.Count > 0) return ThreadResult.Invalid(problems);

        var entry = new NewEntry(refersTo is null ? EntryKinds.Note : EntryKinds.Correction, actor.Login, body!.Trim(), RefersTo: refersTo,
            Mentions: [.. mentioned.Select(u => u.Id)]);
        // Each colleague named is told through the notifications (their preference: an email now or in the digest).
        var author = (await users.FindByIdAsync(actor.Id, ct))?.DisplayName ?? actor.Login;
        var stored = await thread.AppendAsync(d.Case.Id, entry, async (c, tx, e, token) =>
        {
            foreach (var u in mentioned) await notifier.MentionedAsync(c, tx, d.Case, actor, author, u, e.Id, token);
        }, ct);
        log.LogInformation("{Case}: {Kind} {Entry} by {Actor}, {Mentions} mentioned", d.Case.Number, stored.Kind, stored.Id, actor.Login, mentioned.Count);
        return new(ThreadStatus.Done, Entries: [EntryView.From(stored, d.Case.Number, [], withheld: false)]);
    }

    /// <summary>A call or a paper letter logged by hand, with when it happened (not in the future, not before receipt).</summary>
    public async Task<ThreadResult> LogAsync(string number, Actor actor, LoggedContact contact, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return new(ThreadStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(ThreadStatus.Forbidden);
        var (ok, problems) = ThreadRules.Check(contact, d.Case.ReceivedAt, time.GetUtcNow());
        if (ok is null) return ThreadResult.Invalid(problems);
        // A call or letter from the other side is new correspondence for the assignee (unless they logged it themselves).
        var stored = await thread.AppendAsync(d.Case.Id, new NewEntry(ok.Kind, actor.Login, ok.Summary, ok.OccurredAt, ok.Direction, ok.Subject,
            ok.Counterpart), (c, tx, e, token) => ok.Direction == Directions.In
                ? notifier.CorrespondenceAsync(c, tx, d.Case, actor, e.Id, e.Kind, token) : Task.CompletedTask, ct);
        // The author is told back what they typed, nothing more.
        return new(ThreadStatus.Done, Entries: [EntryView.From(stored, d.Case.Number, [], withheld: false)]);
    }

    /// <summary>
    /// Files added after intake, under intake's checks (AttachmentRules: type by its first bytes, size, count) and one
    /// more: the bytes must be what the name says (ThreadRules.NameMismatch). One entry each, all in one transaction, or
    /// none when any file is refused. An optional note says what they are.
    /// </summary>
    public async Task<ThreadResult> AttachAsync(string number, Actor actor, IReadOnlyList<UploadedFile> files, string? note, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return new(ThreadStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(ThreadStatus.Forbidden);
        var problems = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        if (files.Count == 0) problems[AttachmentRules.Field] = new("Hãy chọn ít nhất một tệp.", "Choose at least one file.");
        var (checkedFiles, errors) = AttachmentRules.Check(files);
        if (errors.Length > 0)
            problems[AttachmentRules.Field] = new(string.Join(" ", errors.Select(e => e.Text.Vi)), string.Join(" ", errors.Select(e => e.Text.En)));
        else if (checkedFiles.Select(f => ThreadRules.NameMismatch(f.FileName, f.ContentType)).OfType<LocalizedText>().ToList() is { Count: > 0 } mismatched)
            problems[AttachmentRules.Field] = new(string.Join(" ", mismatched.Select(m => m.Vi)), string.Join(" ", mismatched.Select(m => m.En)));
        if (note is { Length: > ThreadRules.MaxSubject }) problems["note"] = new($"Dài quá {ThreadRules.MaxSubject} ký tự.", $"Longer than {ThreadRules.MaxSubject} characters.");
        if (problems.Count > 0) return ThreadResult.Invalid(problems);

        var entries = checkedFiles.Select(f => new NewEntry(EntryKinds.Attachment, actor.Login, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), File: f)).ToList();
        var stored = await thread.AppendAllAsync(d.Case.Id, entries, ct);
        return new(ThreadStatus.Done, Entries: [.. stored.Select(e => EntryView.From(e, d.Case.Number, [], withheld: false))]);
    }

    /// <summary>The case's files this reader may open; a confidential reporter's correspondence documents only as
    /// <see cref="ReadAsync(string, Actor, ThreadFilter, string?, CancellationToken)"/> shows them (a custodian's reason).</summary>
    public async Task<(CaseDetail Case, IReadOnlyList<FileView> Files)?> FilesAsync(string number, Actor actor, string? reason = null,
        CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return null;
        var hidden = await RevealsAsync(d, actor, reason, "api", ct) ? [] : await CorrespondenceFilesAsync(d, ct);
        return (d, [.. (await attachments.ListAsync(d.Case.Id, ct)).Where(a => !hidden.Contains(a.Id)).Select(a => FileView.From(a, d.Case.Number))]);
    }

    /// <summary>One file's bytes, if this reader may open it; null otherwise (404: a withheld file is not admitted to).</summary>
    public async Task<(FileView File, byte[] Content)?> FileAsync(string number, Actor actor, long id, string? reason = null, CancellationToken ct = default)
    {
        if (await FilesAsync(number, actor, reason, ct) is not { } listed || listed.Files.FirstOrDefault(f => f.Id == id) is not { } file) return null;
        return await attachments.GetContentAsync(listed.Case.Case.Id, id, ct) is { } bytes ? (file, bytes) : null;
    }

    public Task<IReadOnlyList<Mention>> MentionsAsync(Actor actor, CancellationToken ct = default) => thread.MentionsAsync(actor.Id, ct: ct);

    public Task<int> UnseenMentionsAsync(Actor actor, CancellationToken ct = default) => thread.UnseenMentionsAsync(actor.Id, ct);

    public Task<int> MarkMentionsSeenAsync(Actor actor, CancellationToken ct = default) => thread.MarkMentionsSeenAsync(actor.Id, ct);

    /// <summary>The Message-Id of the one email telling <paramref name="userId"/> about entry <paramref name="entryId"/>.</summary>
    public string MentionMessageId(long entryId, long userId) => notifier.MentionMessageId(entryId, userId);

    private bool IsCustodian(CaseDetail d, Actor actor) => Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, access.Custodians);

    private static bool Withheld(CaseDetail d, CaseEntry e, bool sees) => d.ConfidentialReporter && !sees && EntryKinds.IsCorrespondence(e.Kind);

    private async Task<HashSet<long>> CorrespondenceFilesAsync(CaseDetail d, CancellationToken ct)
    {
        return [.. (await thread.ListAsync(d.Case.Id, ct)).Where(e => EntryKinds.IsCorrespondence(e.Kind) && e.AttachmentId is not null)
            .Select(e => e.AttachmentId!.Value)];
    }

    private static bool Matches(string kind, ThreadFilter f) => f switch
    {
        ThreadFilter.Notes => EntryKinds.IsNote(kind),
        ThreadFilter.Correspondence => EntryKinds.IsCorrespondence(kind),
        ThreadFilter.Attachments => kind == EntryKinds.Attachment,
        _ => true,
    };
}

public static class ThreadSetup
{
    public static WebApplicationBuilder AddIncidentsThread(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseThread>();
        return builder;
    }
}
