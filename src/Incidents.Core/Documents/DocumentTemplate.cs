using System.Text;

namespace Incidents.Core.Documents;

/// <summary>A problem in a template or the offers file, with where it is, as the operator reads it: "file:line: message".</summary>
public sealed record TemplateError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>
/// One document's template in one language, as an administrator writes it (a plain text file, see workflows/documents/README.md):
/// a header of "key: value" lines, a line "---", then the body, one paragraph per line. The layout around it (national
/// motto, issuing body, number, place and date, recipients block, signer) is fixed by Decree 30/2020/NĐ-CP.
/// </summary>
public sealed record DocumentTemplate(string Kind, string Culture, string File, string Title, string? Subject, string Form, string? Number,
    string? To, IReadOnlyList<string> Recipients, IReadOnlyList<string> Signer, IReadOnlyList<string> Body)
{
    private static readonly HashSet<string> Keys = ["title", "subject", "form", "number", "to", "recipients", "signer"];

    /// <summary>Reads a template; every problem comes back with its line, and a template with any problem is null.</summary>
    public static (DocumentTemplate? Template, IReadOnlyList<TemplateError> Errors) Parse(string file, string kind, string culture, string text)
    {
        var errors = new List<TemplateError>();
        var k = DocumentKinds.Find(kind);
        if (k is null) errors.Add(new(file, 1, $"'{kind}' is not a document kind (known: {string.Join(", ", DocumentKinds.All.Select(x => x.Id))})"));
        var header = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var body = new List<string>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var inBody = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var n = i + 1;
            var line = lines[i].TrimEnd();
            if (!inBody)
            {
                if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
                if (line.Trim() == "---") { inBody = true; continue; }
                var colon = line.IndexOf(':');
                var key = colon < 0 ? line.Trim() : line[..colon].Trim();
                if (colon < 0 || !Keys.Contains(key))
                {
                    errors.Add(new(file, n, colon < 0
                        ? $"expected 'key: value' or '---' before the body, not '{line.Trim()}'"
                        : $"unknown header '{key}' (known: {string.Join(", ", Keys)})"));
                    continue;
                }
                var value = line[(colon + 1)..].Trim();
                Check(value, n);
                if (header.TryGetValue(key, out var values))
                {
                    if (key is not ("recipients" or "signer")) errors.Add(new(file, n, $"'{key}' is given twice"));
                    values.Add(value);
                }
                else header[key] = [value];
                continue;
            }
            if (line.Trim().Length == 0) continue;
            Check(line.Trim(), n);
            body.Add(line.Trim());
        }
        if (!inBody) errors.Add(new(file, lines.Length, "no '---' line: the body must follow the header after a line '---'"));
        else if (body.Count == 0) errors.Add(new(file, lines.Length, "the body is empty"));
        foreach (var required in new[] { "title", "form", "signer" })
            if (!header.TryGetValue(required, out var v) || v.All(string.IsNullOrWhiteSpace))
                errors.Add(new(file, 1, $"the header '{required}' is missing"));
        if (errors.Count > 0) return (null, errors);
        string? One(string key) => header.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v[0]) ? v[0] : null;
        return (new DocumentTemplate(kind, culture, file, One("title")!, One("subject"), One("form")!, One("number"), One("to"),
            header.GetValueOrDefault("recipients") ?? [], header["signer"], body), errors);

        void Check(string value, int n)
        {
            foreach (var problem in PlaceholderProblems(value, k))
                errors.Add(new(file, n, problem));
        }
    }

    /// <summary>Unknown or unmatched placeholders, and the reporter's in a document not addressed to them.</summary>
    private static IEnumerable<string> PlaceholderProblems(string value, DocumentKind? kind)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '}') { yield return $"'}}' without an opening '{{' at column {i + 1}"; continue; }
            if (value[i] != '{') continue;
            var end = value.IndexOf('}', i + 1);
            var next = value.IndexOf('{', i + 1);
            if (end < 0 || (next >= 0 && next < end)) { yield return $"'{{' without a closing '}}' at column {i + 1}"; continue; }
            var name = value[(i + 1)..end].Trim();
            if (!Placeholders.All.ContainsKey(name))
                yield return $"unknown placeholder {{{name}}} (known: {string.Join(", ", Placeholders.All.Keys.Select(p => "{" + p + "}"))})";
            else if (Placeholders.Identity.Contains(name) && kind is not null && !DocumentKinds.ToReporter(kind))
                yield return $"{{{name}}} may not appear in a document addressed to someone other than the reporter ({kind.Id}): " +
                    "a denouncer's identity never appears there (Law on Denunciations 2018, Art. 56)";
            i = end;
        }
    }

    /// <summary>The placeholder names a (checked) text uses.</summary>
    public static IEnumerable<string> Names(string text)
    {
        for (var i = text.IndexOf('{'); i >= 0; i = text.IndexOf('{', i + 1))
            if (text.IndexOf('}', i + 1) is var end and > 0) yield return text[(i + 1)..end].Trim();
    }

    /// <summary>The text with each {placeholder} replaced by its value (an unknown value: empty).</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] == '{' ? text.IndexOf('}', i + 1) : -1;
            if (end < 0) { sb.Append(text[i]); continue; }
            sb.Append(values.GetValueOrDefault(text[(i + 1)..end].Trim()) ?? "");
            i = end;
        }
        return sb.ToString();
    }
}
