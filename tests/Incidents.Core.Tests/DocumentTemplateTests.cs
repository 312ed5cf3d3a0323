using Incidents.Core.Cases;
using Incidents.Core.Documents;

namespace Incidents.Core.Tests;

/// <summary>The document templates as an administrator edits them: read once, each problem named by file and line.</summary>
public sealed class DocumentTemplateTests
{
    private static readonly string Folder = Path.Combine(Shipped.Directory, "documents");

    private static List<TemplateSource> ShippedSources() =>
        [.. Directory.GetFiles(Folder, "*.txt").Where(f => Path.GetFileName(f) != DocumentTemplates.OffersFile)
            .Select(f => new TemplateSource(Path.GetFileName(f), File.ReadAllText(f)))];

    private static TemplateSource Offers() => new(DocumentTemplates.OffersFile, File.ReadAllText(Path.Combine(Folder, DocumentTemplates.OffersFile)));

    [Fact]
    public void The_shipped_templates_cover_every_document_in_both_languages_and_offers_name_real_actions()
    {
        var t = DocumentTemplates.Load(Folder, ShippedSources(), Offers(), Shipped.Catalog);
        Assert.True(t.IsValid, string.Join("\n", t.Errors));
        Assert.Equal(DocumentKinds.All.Count * 2, t.All.Count());
        Assert.Equal(["denunciation-acceptance", "accused-notice"], t.Offers.For("denunciation", "accept"));
        Assert.Equal(["acceptance"], t.Offers.For("complaint", "accept"));
        Assert.Empty(t.Offers.For("complaint", "withdraw"));
    }

    [Fact]
    public void An_unknown_placeholder_is_refused_with_its_file_and_line()
    {
        var sources = ShippedSources();
        var i = sources.FindIndex(s => s.File == "acceptance.vi.txt");
        var lines = sources[i].Text.Split('\n').ToList();
        var body = lines.IndexOf("---") + 1;
        lines[body] = "Hồ sơ số {case.numbr}.";
        sources[i] = sources[i] with { Text = string.Join('\n', lines) };
        var t = DocumentTemplates.Load(Folder, sources, Offers(), Shipped.Catalog);
        var e = Assert.Single(t.Errors);
        Assert.Equal(("acceptance.vi.txt", body + 1), (e.File, e.Line));
        Assert.StartsWith("unknown placeholder {case.numbr}", e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"acceptance.vi.txt:{body + 1}: unknown placeholder", e.ToString(), StringComparison.Ordinal);
        Assert.Null(t.Get("acceptance", "vi"));
    }

    [Fact]
    public void The_denouncers_name_cannot_be_written_into_a_document_for_anyone_else()
    {
        var (template, errors) = DocumentTemplate.Parse("accused-notice.vi.txt", DocumentKinds.AccusedNotice, "vi",
            "title: THÔNG BÁO\nform: TB\nto: {citizen.name}\nsigner: CHỦ TỊCH\n---\nĐịa chỉ: {citizen.address}\n");
        Assert.Null(template);
        Assert.Equal([3, 6], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Contains("Art. 56", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_template_a_stray_brace_an_unknown_header_and_a_bad_offer_are_each_named()
    {
        var sources = ShippedSources().Where(s => s.File != "extension.en.txt").ToList();
        var i = sources.FindIndex(s => s.File == "refusal.en.txt");
        sources[i] = sources[i] with { Text = "titel: NOTICE\n" + sources[i].Text.Replace("{decision.reason}", "{decision.reason") };
        var offers = new TemplateSource(DocumentTemplates.OffersFile, "complaint accept acceptance\ncomplaint fly acceptance\nnobody accept notice\n");
        var t = DocumentTemplates.Load(Folder, sources, offers, Shipped.Catalog);
        var said = t.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(said, e => e.StartsWith("extension.en.txt:0: the template is missing", StringComparison.Ordinal));
        Assert.Contains(said, e => e.StartsWith("refusal.en.txt:1: unknown header 'titel'", StringComparison.Ordinal));
        Assert.Contains(said, e => e.StartsWith("refusal.en.txt:12: '{' without a closing '}'", StringComparison.Ordinal));
        Assert.Contains("offers.txt:2: workflow 'complaint' has no action 'fly'", said);
        Assert.Contains("offers.txt:3: no workflow 'nobody' is loaded", said);
        Assert.Contains(said, e => e.StartsWith("offers.txt:3: 'notice' is not a document kind", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2026, 12, 1, "vi", "ngày 01 tháng 12 năm 2026")]
    [InlineData(2026, 2, 5, "vi", "ngày 05 tháng 02 năm 2026")]
    [InlineData(2026, 3, 15, "vi", "ngày 15 tháng 3 năm 2026")]
    [InlineData(2026, 3, 15, "en", "15 March 2026")]
    public void Dates_are_written_as_Decree_30_writes_them(int y, int m, int d, string culture, string expected) =>
        Assert.Equal(expected, IssuedDocument.DateWords(new DateOnly(y, m, d), culture));

    [Fact]
    public void A_paragraph_whose_placeholders_are_all_empty_is_left_out_and_a_confidential_reporter_is_never_filled_in()
    {
        var (template, errors) = DocumentTemplate.Parse("resolution.vi.txt", DocumentKinds.Resolution, "vi",
            "title: QUYẾT ĐỊNH\nform: QĐ\nto: {citizen.name}\nsigner: CHỦ TỊCH\n---\nXét đơn của {citizen.name}.\nTrả lời: {decision.text}\nHết.\n");
        Assert.Empty(errors);
        var c = new CaseRecord
        {
            Number = "TC-2026-000001", Type = "denunciation", WorkflowVersion = 1, State = "concluded", Title = "Tố cáo", LocalityCode = "00004",
            Channel = Channel.Counter, ReceivedAt = Shipped.At(2026, 11, 20, 9), CreatedAt = Shipped.At(2026, 11, 20, 9),
        };
        var decision = new CaseEvent(7, 1, Shipped.At(2026, 12, 1, 9), "lan", "action", "conclude", "investigating", "concluded",
            new Dictionary<string, string> { ["input.conclusion"] = "05/KL-UBBC" });
        var facts = new DocumentFacts(c, ConfidentialReporter: true, "Tố cáo", "Ba Đình", new Reporter("Hoàng Văn Mật", "Phố Bí Mật", null, null),
            decision, null, [], Shipped.At(2026, 12, 1, 10));
        var doc = IssuedDocument.Fill(template!, facts, new Issuer("Ủy ban bầu cử", null, "Hà Nội", "UBBC"));
        Assert.Equal(["Xét đơn của người tố cáo.", "Hết."], doc.Paragraphs);
        Assert.Equal("người tố cáo", doc.To);
        Assert.DoesNotContain(doc.Texts(), s => s.Contains("Mật", StringComparison.Ordinal));
        Assert.Equal("Hà Nội, ngày 01 tháng 12 năm 2026", doc.PlaceAndDate);
        Assert.Equal("Số:       /QĐ-UBBC", doc.Number);
    }
}
