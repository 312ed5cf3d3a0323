using System.Data.Common;
using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Thread;
using Incidents.Mail;
using Incidents.Mail.Inbox;
using Incidents.Storage.Attachments;
using Incidents.Storage.Inbox;
using Incidents.Storage.Thread;
using Incidents.Web.Intake;
using MimeKit;

namespace Incidents.Web.Inbox;

public enum LetterOutcome { Case, Reply, Skipped, Quarantined, AlreadyTaken }

/// <summary>What a message came to: the case opened or answered (its number), or the skip or quarantine reason.</summary>
public sealed record LetterResult(LetterOutcome Outcome, string? Number = null, string? Reason = null);

/// <summary>Why a message was quarantined (mail_in.reason is "code" or "code: detail").</summary>
public static class QuarantineReasons
{
    public const string TooLarge = "too-large", Malformed = "malformed", Refused = "refused";
}

/// <summary>
/// A message from a mailbox, taken exactly once: a reply to a case goes on that case's thread, a letter becomes a case
/// through the one intake (CaseIntake), and what is neither is recorded as skipped or quarantined. Whatever it comes
/// to is claimed in the same transaction as what it wrote; a message another host took first comes to AlreadyTaken.
/// A failure of the database is thrown (nothing was claimed; the poller tries again), never turned into a quarantine.
/// </summary>
public sealed class LetterIntake(CaseIntake intake, MailInStore store, MailOptions mail, MailInOptions mailboxes, TimeProvider time,
    Storage.Triage.CaseQueries queries, Notifications.Notifier notifier, ILogger<LetterIntake> log)
{
    /// <summary>Who takes letters in: recorded as the actor of the case's first event.</summary>
    public static readonly Actor Postman = new(0, "email", new HashSet<string>(Roles.All, StringComparer.Ordinal));

    /// <param name="raw">The message's bytes; null when it was over the mailbox's size limit and so not downloaded.</param>
    public async Task<LetterResult> TakeAsync(MailboxOptions box, MailReceipt receipt, byte[]? raw, CancellationToken ct = default)
    {
        if (raw is null || raw.LongLength > box.MaxMessageBytes)
            return await QuarantineAsync(receipt, $"{QuarantineReasons.TooLarge}: {receipt.Size} > {box.MaxMessageBytes}", null, ct);

        try
        {
            return await ReadAndTakeAsync(box, receipt, raw, ct);
        }
        catch (Exception e) when (e is not (DbException or OperationCanceledException or ObjectDisposedException))
        {
            // Whatever in the message trips the reading (MimeKit's parser, a header no rule expected) quarantines that one
            // message with the reason; it must not stop the mailbox by failing again on every look. Its transaction, if
            // any, was rolled back. A database failure is thrown instead: nothing was claimed, the poller tries again.
            log.LogError(e, "Mailbox {Mailbox}: message {Uid} could not be read", receipt.Mailbox, receipt.Uid);
            return await QuarantineAsync(receipt, $"{QuarantineReasons.Malformed}: {e.GetType().Name}: {e.Message}", raw, ct);
        }
    }

    private async Task<LetterResult> ReadAndTakeAsync(MailboxOptions box, MailReceipt receipt, byte[] raw, CancellationToken ct)
    {
        MimeMessage message;
        using (var s = new MemoryStream(raw, writable: false)) message = await MimeMessage.LoadAsync(s, ct);

        var letter = Letters.Read(message, mail.MessageIdDomain);
        if (letter.Skip is { } skip)
            return await store.RecordAsync(receipt, MailOutcomes.Skipped, skip, null, ct)
                ? new(LetterOutcome.Skipped, Reason: skip) : new(LetterOutcome.AlreadyTaken);

        var eml = new NewAttachment(EmlName(receipt), "message/rfc822", raw);
        if (await store.CaseAnsweredAsync(letter.CaseNumbers, letter.Answers, ct) is { } answered)
            return await ReplyAsync(receipt, answered.Id, answered.Number, letter, eml, ct);

        var (request, files) = Request(box, receipt, letter);
        var result = await intake.TakeInAsync([request], files, Postman, ct: ct, mail: receipt, kept: [eml]);
        return result.Status switch
        {
            IntakeStatus.Created => new(LetterOutcome.Case, result.Numbers[0]),
            IntakeStatus.Replayed => new(LetterOutcome.AlreadyTaken),
            _ => await QuarantineAsync(receipt, $"{QuarantineReasons.Refused}: " +
                string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), raw, ct),
        };
    }

    /// <summary>
    /// An administrator releases a quarantined message: it is taken again from its stored bytes under its own key, and its
    /// row becomes what it comes to now (a case, a reply, or quarantined again with the new reason). Null when there is
    /// nothing to take again (dismissed, already taken, never stored) or its mailbox is no longer configured.
    /// </summary>
    public async Task<LetterResult?> ReleaseAsync(long id, CancellationToken ct = default)
    {
        var row = (await store.QuarantineAsync(ct)).FirstOrDefault(q => q.Id == id);
        if (row is null || mailboxes.Mailboxes.FirstOrDefault(b => b.Name == row.Mailbox) is not { } box) return null;
        if (await store.ReleaseAsync(id, ct) is not { } released) return null;
        return await TakeAsync(box, released.Receipt, released.Raw, ct);
    }

    /// <summary>A reply goes on its case's thread as received mail, with the original .eml and the files that pass the checks.</summary>
    private async Task<LetterResult> ReplyAsync(MailReceipt receipt, long caseId, string number, Letter letter, NewAttachment eml, CancellationToken ct)
    {
        var (files, left) = Files(letter);
        var entry = new NewEntry(EntryKinds.MailIn, null, letter.Text + LeftNote(left), OccurredAt: receipt.ReceivedAt, Direction: Directions.In,
            Subject: letter.Subject, Counterpart: letter.SenderAddress, MessageId: receipt.MessageId, File: eml);
        var attachments = files.Select(f => new NewAttachment(Path.GetFileName(f.FileName), AttachmentRules.ContentType(f.Content)!, f.Content)).ToList();
        // The assignee is told of the mail in the same transaction, once: a message taken before adds nothing.
        var @case = await queries.GetAsync(number, ct);
        return await store.AddReplyAsync(receipt, caseId, entry, attachments, (c, tx, e, token) => @case is null ? Task.CompletedTask
                : notifier.CorrespondenceAsync(c, tx, @case, null, e.Id, e.Kind, token), ct)
            ? new(LetterOutcome.Reply, number) : new(LetterOutcome.AlreadyTaken);
    }

    /// <summary>The files the intake checks take (typed by content, at most MaxFiles), and the names of the others.</summary>
    private static (List<UploadedFile> Files, List<string> Left) Files(Letter letter)
    {
        var files = new List<UploadedFile>();
        var left = new List<string>();
        foreach (var f in letter.Files)
        {
            var file = new UploadedFile(f.FileName, f.Content);
            if (files.Count < AttachmentRules.MaxFiles && AttachmentRules.Check([file]).Errors.Length == 0) files.Add(file);
            else left.Add(f.FileName);
        }
        return (files, left);
    }

    private static string LeftNote(List<string> left) => left.Count == 0 ? "" :
        $"\n\n[Tệp đính kèm không nhận riêng, vẫn có trong thư gốc .eml / Attachments not stored separately, kept in the original .eml: {string.Join(", ", left)}]";

    /// <summary>
    /// The intake request a letter makes. Files the intake checks refuse (a .docx, an eleventh file) are not stored one by
    /// one but are not lost either: they stay inside the original .eml kept with the case, and the description names them.
    /// </summary>
    private (IntakeRequest Request, IReadOnlyList<UploadedFile> Files) Request(MailboxOptions box, MailReceipt receipt, Letter letter)
    {
        var (files, left) = Files(letter);
        var text = letter.Text;
        var note = LeftNote(left);
        var room = IntakeValidator.DescriptionMax - note.Length;
        const string cut = "\n[…] (toàn văn trong thư gốc .eml / full text in the original .eml)";
        if (text.Length > room) text = text[..(room - cut.Length)] + cut;
        var subject = letter.Subject.Length == 0 ? "(Thư không có tiêu đề / No subject)" : letter.Subject;
        if (subject.Length > IntakeValidator.TitleMax) subject = subject[..IntakeValidator.TitleMax];
        // A server clock ahead of ours must not make the receipt "in the future": it was received no later than now.
        var received = receipt.ReceivedAt > time.GetUtcNow() ? time.GetUtcNow() : receipt.ReceivedAt;
        var name = letter.SenderName is { Length: > IntakeValidator.NameMax } n ? n[..IntakeValidator.NameMax] : letter.SenderName;
        return (new IntakeRequest
        {
            Type = box.CaseType, Title = subject, Description = text + note, LocalityCode = box.LocalityCode, Channel = "email",
            ReceivedAt = received.ToString("o", CultureInfo.InvariantCulture), Reporter = new ReporterInput(name, null, null, letter.SenderAddress),
        }, files);
    }

    private async Task<LetterResult> QuarantineAsync(MailReceipt receipt, string reason, byte[]? raw, CancellationToken ct)
    {
        if (!await store.RecordAsync(receipt, MailOutcomes.Quarantined, reason, raw, ct)) return new(LetterOutcome.AlreadyTaken);
        log.LogWarning("Mailbox {Mailbox}: message {Uid} ({MessageId}) quarantined: {Reason}", receipt.Mailbox, receipt.Uid, receipt.MessageId, reason);
        return new(LetterOutcome.Quarantined, Reason: reason);
    }

    private static string EmlName(MailReceipt r) => $"thu-goc-{r.Mailbox}-{r.Uid}.eml";
}
