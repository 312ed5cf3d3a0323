using System.Globalization;
using Incidents.Core.Cases;
using MiniExcelLibs;

namespace Incidents.Web.Roster;

/// <summary>The columns a roster file may have; the user is named by login, or by email (with the name, for the reader).</summary>
public enum RosterColumn { Login, Name, Email, Locality, From, To, Phone }

/// <summary>One data row: its row number in the file (the header is row 1) and its cells by column.</summary>
public sealed record RosterRow(int Row, IReadOnlyDictionary<RosterColumn, string?> Cells)
{
    public string? this[RosterColumn c] => Cells.TryGetValue(c, out var v) ? v : null;
}

/// <summary>A file read: the rows, where each column was (its header and letter, for messages), and file-level problems.</summary>
public sealed record RosterSheet(IReadOnlyList<RosterRow> Rows, IReadOnlyDictionary<RosterColumn, string> Where, IReadOnlyList<RosterProblem> Problems);

/// <summary>
/// Reads a roster file, CSV (comma, semicolon or tab; UTF-8) or XLSX (the first sheet, through MiniExcel). Headers are
/// matched without case or diacritics, Vietnamese or English: "Tên đăng nhập"/login, "Họ tên"/name, "Email",
/// "Địa bàn"/"Mã địa bàn"/locality, "Từ ngày"/from, "Đến ngày"/to, "Điện thoại"/"SĐT"/phone. Other columns (STT, notes)
/// are ignored; blank rows are skipped.
/// </summary>
public static class RosterFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5000;

    private static readonly Dictionary<string, RosterColumn> Headers = new(StringComparer.Ordinal)
    {
        ["login"] = RosterColumn.Login, ["tendangnhap"] = RosterColumn.Login, ["taikhoan"] = RosterColumn.Login, ["user"] = RosterColumn.Login,
        ["name"] = RosterColumn.Name, ["hoten"] = RosterColumn.Name, ["hovaten"] = RosterColumn.Name, ["canbo"] = RosterColumn.Name, ["ten"] = RosterColumn.Name,
        ["email"] = RosterColumn.Email, ["thudientu"] = RosterColumn.Email,
        ["locality"] = RosterColumn.Locality, ["localitycode"] = RosterColumn.Locality, ["diaban"] = RosterColumn.Locality,
        ["madiaban"] = RosterColumn.Locality, ["donvi"] = RosterColumn.Locality, ["madonvi"] = RosterColumn.Locality,
        ["from"] = RosterColumn.From, ["tungay"] = RosterColumn.From, ["tu"] = RosterColumn.From, ["batdau"] = RosterColumn.From,
        ["to"] = RosterColumn.To, ["denngay"] = RosterColumn.To, ["den"] = RosterColumn.To, ["ketthuc"] = RosterColumn.To,
        ["phone"] = RosterColumn.Phone, ["dienthoai"] = RosterColumn.Phone, ["sodienthoai"] = RosterColumn.Phone, ["sdt"] = RosterColumn.Phone,
    };

    public static bool IsXlsx(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    public static RosterSheet Read(Stream content, string fileName)
    {
        try
        {
            return IsXlsx(fileName) ? ReadXlsx(content) : ReadCsv(content);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return Refused(new RosterProblem("file", "Không đọc được tệp: cần tệp CSV (UTF-8) hoặc XLSX có dòng tiêu đề",
                "The file could not be read: a CSV (UTF-8) or XLSX file with a header row is expected"));
        }
    }

    private static RosterSheet ReadCsv(Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        var bytes = copy.ToArray();
        // The separator is whichever of comma, semicolon and tab the header line has most of (Excel in a Vietnamese
        // locale saves with semicolons).
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var first = text.Split('\n', 2)[0];
        var separator = new[] { ',', ';', '\t' }.MaxBy(c => first.Count(x => x == c));
        return ReadRows(new MemoryStream(bytes), ExcelType.CSV, new MiniExcelLibs.Csv.CsvConfiguration { Seperator = separator });
    }

    private static RosterSheet ReadXlsx(Stream content) => ReadRows(content, ExcelType.XLSX, null);

    private static RosterSheet ReadRows(Stream content, ExcelType type, MiniExcelLibs.IConfiguration? configuration)
    {
        // Read by column letter (no header row) so the header's own row and each row's number are known.
        var all = MiniExcel.Query(content, useHeaderRow: false, excelType: type, configuration: configuration)
            .Cast<IDictionary<string, object?>>().ToList();
        if (all.Count == 0) return Refused(Empty);
        if (all.Count > MaxRows + 1) return Refused(TooMany);
        var letters = all.SelectMany(r => r.Keys).Distinct().OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        string?[] Cells(IDictionary<string, object?> r) => [.. letters.Select(l => r.TryGetValue(l, out var v) ? Text(v) : null)];
        return Build(Cells(all[0]), [.. all.Skip(1).Select(Cells)], [.. Enumerable.Range(2, all.Count - 1)]);
    }

    /// <summary>An XLSX cell as text: dates as yyyy-MM-dd; whole numbers without a decimal part.</summary>
    private static string? Text(object? v) => v switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    private static RosterSheet Build(string?[] header, IReadOnlyList<string?[]> rows, IReadOnlyList<int> numbers)
    {
        var at = new Dictionary<RosterColumn, int>();
        var where = new Dictionary<RosterColumn, string>();
        for (var i = 0; i < header.Length; i++)
        {
            var key = new string([.. CaseText.Fold(header[i]).Where(char.IsLetterOrDigit)]);
            if (Headers.TryGetValue(key, out var col) && at.TryAdd(col, i)) where[col] = $"{Letter(i)} ({header[i]!.Trim()})";
        }
        var problems = new List<RosterProblem>();
        if (!at.ContainsKey(RosterColumn.Login) && !at.ContainsKey(RosterColumn.Email))
            problems.Add(new("file", "Thiếu cột tên đăng nhập (hoặc email) của cán bộ", "No column names the official: login, or email"));
        foreach (var (col, vi) in new[] { (RosterColumn.Locality, "địa bàn"), (RosterColumn.From, "từ ngày"), (RosterColumn.To, "đến ngày"), (RosterColumn.Phone, "điện thoại") })
            if (!at.ContainsKey(col))
                problems.Add(new("file", $"Thiếu cột {vi}", $"No {col.ToString().ToLowerInvariant()} column"));
        if (problems.Count > 0) return new([], where, problems);

        var result = new List<RosterRow>();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = at.ToDictionary(kv => kv.Key, kv => kv.Value < rows[r].Length ? CaseText.Clean(rows[r][kv.Value]) : null);
            if (cells.Values.All(v => v is null)) continue;
            result.Add(new RosterRow(numbers[r], cells));
        }
        if (result.Count == 0) return Refused(Empty);
        return new(result, where, []);
    }

    private static string Letter(int i) => i < 26 ? ((char)('A' + i)).ToString() : $"{(char)('A' + i / 26 - 1)}{(char)('A' + i % 26)}";

    private static readonly RosterProblem Empty = new("file", "Tệp không có dòng phân công nào", "The file has no posting rows");
    private static readonly RosterProblem TooMany = new("file", $"Tệp có quá {MaxRows} dòng", $"The file has more than {MaxRows} rows");

    private static RosterSheet Refused(RosterProblem p) => new([], new Dictionary<RosterColumn, string>(), [p]);
}
