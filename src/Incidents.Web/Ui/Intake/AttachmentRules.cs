namespace Incidents.Web.Ui.Intake;

/// <summary>Scanned letters and photos: the type is decided by the first bytes, never by the name or the browser's claim.</summary>
public static class AttachmentRules
{
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
}
