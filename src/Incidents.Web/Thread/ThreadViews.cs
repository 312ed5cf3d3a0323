using System.ComponentModel;
using Incidents.Storage.Attachments;
using Incidents.Storage.Thread;

namespace Incidents.Web.Thread;

/// <summary>A file of the case: who added it, when, and its SHA-256; href downloads it.</summary>
public sealed record FileView(long Id, string FileName, string ContentType, long Size, string Sha256, string? UploadedBy,
    DateTimeOffset? UploadedAt, string Href)
{
    public static string HrefOf(string number, long id) =>
        $"/api/v1/cases/{Uri.EscapeDataString(number)}/attachments/{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static FileView From(AttachmentInfo a, string number) =>
        new(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.CreatedBy, a.CreatedAt, HrefOf(number, a.Id));

    public static FileView From(EntryFile f, DateTimeOffset at, string number) =>
        new(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedBy, at, HrefOf(number, f.Id));
}

/// <summary>One entry of a case's thread as a reader sees it.</summary>
public sealed record EntryView(
    long Id,
    [property: Description("note | correction | mail-in | mail-out | notice-out | call | letter | attachment")] string Kind,
    [property: Description("Login of who recorded it; null for mail from outside.")] string? Author,
    [property: Description("When it was recorded (UTC).")] DateTimeOffset CreatedAt,
    [property: Description("When it happened: a call logged afterwards, a mail's receipt (UTC).")] DateTimeOffset OccurredAt,
    [property: Description("in | out, for correspondence.")] string? Direction,
    string? Subject,
    [property: Description("The note's text, the summary of a call or letter, the text of a mail.")] string? Body,
    [property: Description("The other side: address or phone. Null when withheld.")] string? Counterpart,
    [property: Description("True when the case's reporter is confidential and this reader is none of the identity's custodians: the " +
        "correspondence's other side, subject, text and document are left out.")] bool Withheld,
    [property: Description("For a correction: the id of the note it corrects.")] long? RefersTo,
    [property: Description("Ids of the corrections of this note, oldest first; the note itself stays as written.")] IReadOnlyList<long> CorrectedBy,
    [property: Description("Who corrected it, in the order of CorrectedBy.")] IReadOnlyList<string?> CorrectedByAuthors,
    FileView? File,
    [property: Description("For a notice sent: which document it was.")] string? DocumentKind)
{
    public static EntryView From(CaseEntry e, string number, IReadOnlyList<CaseEntry> corrections, bool withheld) => new(
        e.Id, e.Kind, e.Author, e.CreatedAt, e.OccurredAt, e.Direction,
        withheld ? null : e.Subject, withheld ? null : e.Body, withheld ? null : e.Counterpart, withheld, e.RefersTo,
        [.. corrections.Select(c => c.Id)], [.. corrections.Select(c => c.Author)],
        withheld || e.File is null ? null : FileView.From(e.File, e.CreatedAt, number), e.DocumentKind);
}

/// <summary>Body of POST /cases/{number}/notes: the text (may name colleagues as @login) and, for a correction, the note it corrects.</summary>
public sealed record NoteRequest(string? Body, long? RefersTo);

/// <summary>Body of POST /cases/{number}/correspondence: a call or paper letter logged by hand.</summary>
public sealed record CorrespondenceRequest(
    [property: Description("call | letter")] string? Kind,
    [property: Description("in | out")] string? Direction,
    [property: Description("When it happened: an ISO 8601 instant (without an offset: Vietnam time). Not in the future, not before the case was received.")] string? OccurredAt,
    [property: Description("The other side: name, address or phone.")] string? Counterpart,
    string? Subject,
    [property: Description("What was said or written.")] string? Summary);
