using Incidents.Core.Documents;

namespace Incidents.Web.Documents;

/// <summary>
/// Incidents:Documents: who issues the documents and where their templates are. Directory: a folder of replaced
/// templates (every kind in both languages, and offers.txt); unset, the repository's workflows/documents.
/// </summary>
public sealed class DocumentOptions
{
    public const string Section = "Incidents:Documents";

    public string? Directory { get; set; }
    /// <summary>The issuing body, as it heads every document (Decree 30: upper case, bold).</summary>
    public string Body { get; set; } = "Ủy ban bầu cử thành phố Hà Nội";
    /// <summary>The body directly above it, the line over it; empty for none.</summary>
    public string? Parent { get; set; } = "Ủy ban nhân dân thành phố Hà Nội";
    /// <summary>The place name before the date: "Hà Nội, ngày 01 tháng 12 năm 2026".</summary>
    public string Place { get; set; } = "Hà Nội";
    /// <summary>The body's abbreviation after the document form in its number: "Số: …/TB-UBBC".</summary>
    public string Symbol { get; set; } = "UBBC";

    public Issuer Issuer => new(Body, Parent, Place, Symbol);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Body)) problems.Add($"{Section}:{nameof(Body)} must name the issuing body.");
        if (string.IsNullOrWhiteSpace(Place)) problems.Add($"{Section}:{nameof(Place)} must name the place documents are issued at.");
        if (string.IsNullOrWhiteSpace(Symbol) || Symbol.Any(c => char.IsWhiteSpace(c) || c == '/'))
            problems.Add($"{Section}:{nameof(Symbol)} must be the body's abbreviation without spaces or '/', not '{Symbol}'.");
        return problems;
    }
}
