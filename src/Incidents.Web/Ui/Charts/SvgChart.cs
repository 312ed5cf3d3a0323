using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Incidents.Web.Ui.Charts;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, readable without colour (values are written on the bars) and
/// described for screen readers (role=img with a title; the page also gives the numbers as a table).
/// </summary>
public static class SvgChart
{
    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Horizontal bars, one per labelled value; with links, each bar (label, bar and value) opens its link.</summary>
    public static IHtmlContent Bars(string title, IReadOnlyList<(string Label, long Value)> data, string cssClass = "bar", IReadOnlyList<string?>? links = null)
    {
        const int row = 28, labelW = 190, barW = 260, pad = 6;
        var h = Math.Max(1, data.Count) * row + pad;
        var max = Math.Max(1, data.Count == 0 ? 1 : data.Max(d => d.Value));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {labelW + barW + 60} {h}\" role=\"img\" aria-label=\"{E(title)}\" preserveAspectRatio=\"xMinYMin meet\"><title>{E(title)}</title>");
        for (var i = 0; i < data.Count; i++)
        {
            var (label, value) = data[i];
            var y = i * row + pad;
            var w = value == 0 ? 0 : Math.Max(2, value * (double)barW / max);
            var shown = label.Length > 28 ? label[..27] + "…" : label;
            var link = links is not null && i < links.Count ? links[i] : null;
            if (link is not null) sb.Append(CultureInfo.InvariantCulture, $"<a href=\"{E(link)}\" aria-label=\"{E(label)}: {value}\">");
            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{labelW - 8}\" y=\"{y + 16}\" text-anchor=\"end\" class=\"lbl\">{E(shown)}</text>" +
                $"<rect x=\"{labelW}\" y=\"{y + 3}\" width=\"{N(w)}\" height=\"{row - 10}\" class=\"{cssClass}\"/>" +
                $"<text x=\"{N(labelW + w + 6)}\" y=\"{y + 16}\" class=\"val\">{value}</text>");
            if (link is not null) sb.Append("</a>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>Columns per day with the first, middle and last dates under the axis.</summary>
    public static IHtmlContent Days(string title, IReadOnlyList<(DateOnly Day, long Value)> data, string cssClass = "bar")
    {
        const int w = 600, h = 180, left = 36, bottom = 24, top = 10;
        var max = Math.Max(1, data.Count == 0 ? 1 : data.Max(d => d.Value));
        var colW = data.Count == 0 ? 0 : (w - left - 4) / (double)data.Count;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{h - bottom}\" x2=\"{w}\" y2=\"{h - bottom}\" class=\"axis\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 10}\" text-anchor=\"end\" class=\"lbl\">{max}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{h - bottom}\" text-anchor=\"end\" class=\"lbl\">0</text>");
        for (var i = 0; i < data.Count; i++)
        {
            var (day, value) = data[i];
            var bh = value * (double)(h - bottom - top) / max;
            var x = left + i * colW + 1;
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{N(x)}\" y=\"{N(h - bottom - bh)}\" width=\"{N(Math.Max(1, colW - 2))}\" height=\"{N(bh)}\" class=\"{cssClass}\"><title>{day:dd/MM}: {value}</title></rect>");
            if (i == 0 || i == data.Count - 1 || i == data.Count / 2)
                sb.Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{N(x + colW / 2)}\" y=\"{h - 6}\" text-anchor=\"middle\" class=\"lbl\">{day:dd/MM}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }
}
