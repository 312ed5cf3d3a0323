using System.Globalization;
using CsvHelper;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using MiniExcelLibs;

namespace Incidents.Web.Reports;

/// <summary>
/// The periodic report as XLSX (MiniExcel) or CSV (CsvHelper), with the same Vietnamese headers: a title row with the
/// period, a row saying when it was made (local time, dd/MM/yyyy HH:mm), the header row, a row per type and locality,
/// and a totals row. The CSV has a byte-order mark so Excel reads the diacritics, and escapes cells a spreadsheet would
/// run as formulas, as the queue's export does.
/// </summary>
public static class PeriodicExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The column headers, Vietnamese (the report goes to a Vietnamese meeting whatever the reader's language).</summary>
    public static readonly string[] Headers =
        ["Loại đơn", "Mã địa bàn", "Địa bàn", "Số tiếp nhận trong kỳ", "Số đã giải quyết trong kỳ", "Giải quyết đúng hạn", "Tỷ lệ đúng hạn (%)"];

    public const string TotalLabel = "Tổng cộng";

    public static string Title(PeriodicReport r, UiText t) => $"Báo cáo tiếp nhận và giải quyết đơn thư kỳ {r.Period.Title(t)}";

    public static string Made(PeriodicReport r) => "Lập lúc " + Show.Local(r.MadeAt).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) +
        $" · Từ {Show.Date(r.Period.From)} đến {Show.Date(r.Period.To)}";

    /// <summary>bao-cao-2026-11.xlsx, bao-cao-2026-Q4.csv.</summary>
    public static string FileName(PeriodicReport r, string ext) => r.Period.To.Month - r.Period.From.Month == 2
        ? $"bao-cao-{r.Period.From.Year}-Q{(r.Period.From.Month - 1) / 3 + 1}.{ext}"
        : $"bao-cao-{r.Period.From:yyyy-MM}.{ext}";

    private static IEnumerable<object?[]> Body(PeriodicReport r)
    {
        foreach (var l in r.Lines)
            yield return [l.TypeName, l.Locality, l.LocalityName, l.Received, l.Resolved, l.ResolvedOnTime, LeadershipReports.Percent(l.ResolvedOnTime, l.Resolved)];
        yield return [TotalLabel, "", "", r.Received, r.Resolved, r.ResolvedOnTime, LeadershipReports.Percent(r.ResolvedOnTime, r.Resolved)];
    }

    public static byte[] Xlsx(PeriodicReport r, UiText t)
    {
        static string Col(int i) => ((char)('A' + i)).ToString();
        Dictionary<string, object?> Row(params object?[] cells) =>
            Enumerable.Range(0, Headers.Length).ToDictionary(Col, i => i < cells.Length ? cells[i] : null);
        var rows = new List<Dictionary<string, object?>> { Row(Title(r, t)), Row(Made(r)), Row([.. Headers]) };
        rows.AddRange(Body(r).Select(cells => Row(cells)));
        using var s = new MemoryStream();
        s.SaveAs(rows, printHeader: false, sheetName: "Báo cáo", excelType: ExcelType.XLSX);
        return s.ToArray();
    }

    public static async Task<byte[]> CsvAsync(PeriodicReport r, UiText t, CancellationToken ct)
    {
        using var s = new MemoryStream();
        await using (var csv = CsvWriter.Create(s, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true))
        {
            // Every record has as many fields as the header (CsvHelper keeps the count of the first).
            string[] Line(string first) => [first, .. Enumerable.Repeat("", Headers.Length - 1)];
            csv.WriteRecord(Line(Title(r, t)));
            csv.WriteRecord(Line(Made(r)));
            csv.WriteHeader(Headers);
            foreach (var cells in Body(r))
                csv.WriteRecord([.. cells.Select(c => c switch { null => "", double d => d.ToString("0.0", CultureInfo.InvariantCulture), IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => c.ToString() ?? "" })]);
            await csv.FlushAsync(ct);
        }
        return s.ToArray();
    }
}
