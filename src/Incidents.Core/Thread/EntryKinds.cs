namespace Incidents.Core.Thread;

/// <summary>
/// The kinds of entry on a case's thread (table case_entries), as stored. The thread is append-only: a note is never
/// edited, a correction is a new entry whose RefersTo names the note it corrects.
/// </summary>
public static class EntryKinds
{
    /// <summary>An internal note, seen by whoever may see the case.</summary>
    public const string Note = "note";
    /// <summary>A note that corrects an earlier note (RefersTo); the corrected note stays.</summary>
    public const string Correction = "correction";
    /// <summary>An email received (read from the mailbox); author NULL, occurred at the server's receipt time.</summary>
    public const string MailIn = "mail-in";
    /// <summary>An email sent to the other side.</summary>
    public const string MailOut = "mail-out";
    /// <summary>A notice or decision sent out as a document (DocumentKind, AttachmentId).</summary>
    public const string NoticeOut = "notice-out";
    /// <summary>A phone call logged by hand, in or out, with when it happened and a summary.</summary>
    public const string Call = "call";
    /// <summary>A paper letter logged by hand, in or out.</summary>
    public const string Letter = "letter";
    /// <summary>A file added after intake (AttachmentId), with uploader and SHA-256.</summary>
    public const string Attachment = "attachment";

    public static readonly IReadOnlyList<string> All = [Note, Correction, MailIn, MailOut, NoticeOut, Call, Letter, Attachment];

    public static bool IsKnown(string kind) => All.Contains(kind);

    /// <summary>Notes and their corrections: internal, never sent.</summary>
    public static bool IsNote(string kind) => kind is Note or Correction;

    /// <summary>Exchanges with the other side: mail, notices, calls and letters.</summary>
    public static bool IsCorrespondence(string kind) => kind is MailIn or MailOut or NoticeOut or Call or Letter;

    /// <summary>The case history line each entry adds, in the same transaction (the history is append-only too).</summary>
    public static string HistoryKind(string kind) => kind switch
    {
        Note => "note-added",
        Correction => "note-corrected",
        MailIn => "mail-received",
        MailOut => "mail-sent",
        NoticeOut => "notice-sent",
        Call or Letter => "correspondence-logged",
        Attachment => "attachment-added",
        _ => "thread-entry",
    };
}

/// <summary>Which way a piece of correspondence went.</summary>
public static class Directions
{
    public const string In = "in";
    public const string Out = "out";

    public static bool IsKnown(string? d) => d is In or Out;
}
