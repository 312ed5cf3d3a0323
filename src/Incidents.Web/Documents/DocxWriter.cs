using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Incidents.Core.Documents;

namespace Incidents.Web.Documents;

/// <summary>
/// Writes an issued document as DOCX in the layout of Decree 30/2020/NĐ-CP (Appendix I): A4, margins 20/15/20/30 mm,
/// Times New Roman; a borderless two-column header (the bodies and the number left; the national motto, the underlined
/// slogan and the italic place and date right); the bold centred title and subject; "Kính gửi"; the justified body with
/// a first-line indent; and a borderless two-column foot ("Nơi nhận" left, the signer's title right).
/// </summary>
public static class DocxWriter
{
    private const string Font = "Times New Roman";
    // Half-points: 13 pt and 14 pt text, 12 pt for the header's bodies and 11 pt for the recipients list.
    private const int Pt11 = 22, Pt12 = 24, Pt13 = 26, Pt14 = 28;

    public static byte[] Write(IssuedDocument d)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(Build(d));
            doc.PackageProperties.Title = d.Title + (d.Subject is null ? "" : " — " + d.Subject);
            doc.PackageProperties.Language = d.English ? "en-GB" : "vi-VN";
        }
        return stream.ToArray();
    }

    private static Body Build(IssuedDocument d)
    {
        var body = new Body();
        var left = new List<Paragraph>();
        if (d.Parent is not null) left.Add(P(JustificationValues.Center, R(d.Parent, Pt12)));
        left.Add(P(JustificationValues.Center, R(d.Body, Pt12, bold: true)));
        left.Add(Rule());
        left.Add(P(JustificationValues.Center, R(d.Number, Pt13)));
        var right = new List<Paragraph>
        {
            P(JustificationValues.Center, R(IssuedDocument.Motto, Pt12, bold: true)),
            P(JustificationValues.Center, R(IssuedDocument.Slogan, Pt13, bold: true, underline: true)),
            P(JustificationValues.Center, R(" ", Pt13)),
            P(JustificationValues.Center, R(d.PlaceAndDate, Pt14, italic: true)),
        };
        body.Append(TwoColumns(left, right, 3600, 5900));
        body.Append(P(JustificationValues.Center, R(" ", Pt14)));
        body.Append(P(JustificationValues.Center, R(d.Title, Pt14, bold: true)));
        if (d.Subject is not null) body.Append(P(JustificationValues.Center, R(d.Subject, Pt14, bold: true)));
        body.Append(P(JustificationValues.Center, R(" ", Pt14)));
        if (d.To is not null) body.Append(P(JustificationValues.Center, R(d.ToLabel + " ", Pt14), R(d.To, Pt14)));
        foreach (var text in d.Paragraphs)
        {
            var p = P(JustificationValues.Both, R(text, Pt14));
            // 1 cm first-line indent, 6 pt after, exactly as a typed administrative text.
            p.ParagraphProperties!.Append(new Indentation { FirstLine = "567" });
            body.Append(p);
        }
        body.Append(P(JustificationValues.Left, R(" ", Pt14)));
        var recipients = new List<Paragraph> { P(JustificationValues.Left, R(d.RecipientsLabel, Pt12, bold: true, italic: true)) };
        recipients.AddRange(d.Recipients.Select(r => P(JustificationValues.Left, R("- " + r, Pt11))));
        var signer = d.Signer.Select(s => P(JustificationValues.Center, R(s, Pt14, bold: true))).ToList();
        signer.Add(P(JustificationValues.Center, R(d.SignHint, Pt13, italic: true)));
        body.Append(TwoColumns(recipients, signer, 4700, 4800));
        body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U }, // A4
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1701U, Right = 850U, Header = 720U, Footer = 720U, Gutter = 0U }));
        return body;
    }

    private static Paragraph P(JustificationValues align, params Run[] runs)
    {
        var p = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "60", Line = "276", LineRule = LineSpacingRuleValues.Auto },
            new Justification { Val = align }));
        p.Append(runs);
        return p;
    }

    private static Run R(string text, int halfPoints, bool bold = false, bool italic = false, bool underline = false)
    {
        var rp = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font });
        if (bold) rp.Append(new Bold());
        if (italic) rp.Append(new Italic());
        if (underline) rp.Append(new Underline { Val = UnderlineValues.Single });
        rp.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new FontSizeComplexScript { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Run(rp, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>The short line under the issuing body (Decree 30: a third to a half of the name's width).</summary>
    private static Paragraph Rule()
    {
        var p = P(JustificationValues.Center);
        p.ParagraphProperties!.Append(new ParagraphBorders(new TopBorder { Val = BorderValues.Single, Size = 6U, Space = 1U }),
            new Indentation { Left = "1100", Right = "1100" });
        return p;
    }

    private static Table TwoColumns(IReadOnlyList<Paragraph> left, IReadOnlyList<Paragraph> right, int leftWidth, int rightWidth)
    {
        var none = new TableBorders(new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None },
            new LeftBorder { Val = BorderValues.None }, new RightBorder { Val = BorderValues.None },
            new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        var table = new Table(new TableProperties(new TableWidth { Width = (leftWidth + rightWidth).ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            none, new TableLayout { Type = TableLayoutValues.Fixed }),
            new TableGrid(new GridColumn { Width = leftWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new GridColumn { Width = rightWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        table.Append(new TableRow(Cell(left, leftWidth), Cell(right, rightWidth)));
        return table;
    }

    private static TableCell Cell(IReadOnlyList<Paragraph> paragraphs, int width)
    {
        var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
        cell.Append(paragraphs.Count == 0 ? [new Paragraph()] : paragraphs);
        return cell;
    }
}
