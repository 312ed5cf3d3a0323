using System.Globalization;
using Incidents.Core.Cases;
using Incidents.Storage.Localities;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Localities;

/// <summary>A unit the picker offers; Via names the old district (2021) it replaced, when it was found through one.</summary>
public sealed record LocalityOption(string Code, string Name, string Kind, string? Via);

/// <summary>
/// The locality picker's one matcher (GET /api/v1/localities, used by wwwroot/js/locality-picker.js on the intake page,
/// the incident form and the queue filter): every word of the query, folded (no diacritics, đ as d, lower case), must be
/// in the unit's folded name, so "cau giay" finds Phường Cầu Giấy. A matching old district offers the wards and communes
/// that replaced it (DistrictSuccessors). With a date, only units valid on it (and the successors valid on it).
/// </summary>
public static class LocalityPicker
{
    public const int MaxQueryLength = 100;
    public const int MaxResults = 40;

    public static IReadOnlyList<LocalityOption> Match(IReadOnlyList<AdminUnit> units, string? query, DateOnly? at)
    {
        var words = CaseText.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return [];
        bool Valid(AdminUnit u) => at is not { } d || u.ValidOn(d);
        bool Matches(AdminUnit u) { var name = CaseText.Fold(u.Name); return words.All(w => name.Contains(w, StringComparison.Ordinal)); }
        var byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var matched = units.Where(Matches).ToList();
        var direct = matched.Where(Valid).Select(u => new LocalityOption(u.Code, u.Name, u.Kind, null));
        var successors = matched.SelectMany(d => DistrictSuccessors.Of(d.Code)
                .Select(c => byCode.GetValueOrDefault(c)).OfType<AdminUnit>().Where(Valid)
                .Select(w => new LocalityOption(w.Code, w.Name, w.Kind, d.Name)));
        // Wards first by name; a ward found both ways keeps its direct match.
        return [.. direct.OrderBy(o => o.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false))
            .Concat(successors.OrderBy(o => o.Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false)))
            .DistinctBy(o => o.Code).Take(MaxResults)];
    }

    public static RouteGroupBuilder MapLocalities(this RouteGroupBuilder api)
    {
        api.MapGet("/localities", SearchAsync)
            .WithName("SearchLocalities").WithTags("Localities")
            .WithSummary("Find administrative units by name, without diacritics")
            .WithDescription($"q: words of the name (\"cau giay\"), at most {MaxQueryLength} characters; at: a date yyyy-MM-dd (only units valid on it). " +
                "An old district (2021) offers the wards and communes that replaced it on 1/7/2025 (via names it). " +
                $"At most {MaxResults} units, direct matches first.")
            .RequireAuthorization(Policies.Reader);
        return api;
    }

    /// <summary>The same search for the pages' script (wwwroot/js/locality-picker.js): /api takes bearer tokens only, this the sign-in cookie.</summary>
    public static WebApplication MapLocalityLookup(this WebApplication app)
    {
        app.MapGet("/localities", SearchAsync).RequireAuthorization(Policies.Reader).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<LocalityOption>>, ValidationProblem>> SearchAsync(AdminUnitStore units, CancellationToken ct,
        string? q = null, string? at = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > MaxQueryLength }) errors["q"] = [$"dài quá {MaxQueryLength} ký tự / is longer than {MaxQueryLength} characters"];
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(at))
        {
            if (DateOnly.TryParseExact(at.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
            else errors["at"] = ["không phải ngày yyyy-MM-dd / is not a date yyyy-MM-dd"];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(Match(await units.ListAsync(ct), q, date));
    }
}
