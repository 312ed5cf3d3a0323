using Incidents.Core.Intake;
using Incidents.Storage.Attachments;

namespace Incidents.Web.Intake;

/// <summary>A file as uploaded, already read into memory (the request size limit bounds it).</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>
/// Scanned letters and photos: the type is decided by the first bytes, never by the name or the browser's claim. The one
/// check of an intake's files, with the validator's messages (Vietnamese / English), whichever path brought them.
/// </summary>
public static class AttachmentRules
{
    public const string Field = "attachments";
    public const int MaxMegabytes = 10;
    public const long MaxBytes = MaxMegabytes * 1024L * 1024L;
    public const int MaxFiles = 10;

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>application/pdf, image/jpeg or image/png from the content; null for anything else.</summary>
    public static string? ContentType(ReadOnlySpan<byte> content) =>
        content.StartsWith(Pdf) ? "application/pdf"
        : content.StartsWith(Png) ? "image/png"
        : content.StartsWith(Jpeg) ? "image/jpeg"
        : null;

    /// <summary>The files as the store takes them (typed by content, the name without a path), or the messages for the field.</summary>
    public static (IReadOnlyList<NewAttachment> Attachments, IntakeProblem[] Errors) Check(IReadOnlyList<UploadedFile> files)
    {
        var errors = new List<IntakeProblem>();
        if (files.Count > MaxFiles) errors.Add(IntakeProblem.Of(IntakeProblem.TooManyFiles, ("max", IntakeProblem.Number(MaxFiles))));
        var attachments = new List<NewAttachment>();
        foreach (var f in files)
        {
            if (f.Content.Length > MaxBytes)
                errors.Add(IntakeProblem.Of(IntakeProblem.FileTooLarge, ("file", f.FileName), ("max", IntakeProblem.Number(MaxMegabytes))));
            else if (ContentType(f.Content) is { } type) attachments.Add(new NewAttachment(Path.GetFileName(f.FileName), type, f.Content));
            else errors.Add(IntakeProblem.Of(IntakeProblem.NotAnAllowedFile, ("file", f.FileName)));
        }
        return errors.Count > 0 ? ([], [.. errors]) : (attachments, []);
    }
}
