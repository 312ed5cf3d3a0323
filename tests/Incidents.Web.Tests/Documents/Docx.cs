using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Incidents.Web.Tests.Documents;

/// <summary>A generated DOCX read back with OpenXml: its paragraphs' text and every text run.</summary>
public sealed class Docx
{
    public IReadOnlyList<string> Paragraphs { get; }
    public IReadOnlyList<string> Runs { get; }
    public IReadOnlyList<string> Fonts { get; }
    /// <summary>The header table's right cell's paragraphs: the national motto, the slogan, place and date.</summary>
    public IReadOnlyList<Paragraph> HeaderRight { get; }
    public IReadOnlyList<string> HeaderLeft { get; }
    public IReadOnlyList<string> FootLeft { get; }
    public IReadOnlyList<string> FootRight { get; }
    public PageSize? Page { get; }

    public Docx(byte[] content)
    {
        using var ms = new MemoryStream(content);
        using var doc = WordprocessingDocument.Open(ms, false);
        var body = doc.MainDocumentPart!.Document!.Body!;
        Paragraphs = [.. body.Descendants<Paragraph>().Select(Text).Where(t => t.Trim().Length > 0)];
        Runs = [.. body.Descendants<Text>().Select(t => t.Text)];
        Fonts = [.. body.Descendants<RunFonts>().Select(f => f.Ascii?.Value ?? "").Distinct()];
        var tables = body.Elements<Table>().ToList();
        var head = tables[0].Descendants<TableCell>().ToList();
        HeaderLeft = [.. head[0].Descendants<Paragraph>().Select(Text).Where(t => t.Length > 0)];
        HeaderRight = [.. head[1].Descendants<Paragraph>().Select(p => (Paragraph)p.CloneNode(true))];
        var foot = tables[^1].Descendants<TableCell>().ToList();
        FootLeft = [.. foot[0].Descendants<Paragraph>().Select(Text)];
        FootRight = [.. foot[1].Descendants<Paragraph>().Select(Text)];
        Page = body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>();
    }

    public static string Text(Paragraph p) => string.Concat(p.Descendants<Text>().Select(t => t.Text));

    public string All => string.Join("\n", Paragraphs);
}
