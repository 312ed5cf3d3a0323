using System.Globalization;
using System.Text.Json;
using Incidents.Storage.Roster;
using Incidents.Web.Access;
using Incidents.Web.Api;

namespace Incidents.Web.Roster;

/// <summary>A posting to add: the user by login (or email), the locality by code (or name), dates yyyy-MM-dd, a phone.</summary>
public sealed record PostingRequest(string? Login, string? Email, string? Locality, string? From, string? To, string? Phone);

public sealed record PostingView(long Id, string Login, string Name, string LocalityCode, string From, string To, string Phone,
    string CreatedBy, DateTimeOffset CreatedAt)
{
    public static PostingView Of(DutyPosting p) => new(p.Id, p.Login, p.DisplayName, p.LocalityCode, Iso(p.From), Iso(p.To), p.Phone,
        p.CreatedBy, p.CreatedAt);

    internal static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public sealed record ImportView(int Count, IReadOnlyList<long> Ids);

/// <summary>A situation report: postingId (optional: the caller's posting today), reportedAt (optional: now; an ISO instant
/// or a Vietnam local time yyyy-MM-ddTHH:mm), values by figure key (numbers), text.</summary>
public sealed record SitrepRequest(long? PostingId, string? ReportedAt, Dictionary<string, JsonElement>? Values, string? Text);

/// <summary>A locality's line of the synthesis table: its latest report of the day (null: none yet) and whether it is late.</summary>
public sealed record SitrepLineView(string LocalityCode, string LocalityName, IReadOnlyList<string> Officials, IReadOnlyList<string> Phones,
    DateTimeOffset? ReportedAt, IReadOnlyDictionary<string, decimal> Values, string? Text, bool Late);

public static class RosterEndpoints
{
    public static RouteGroupBuilder MapRoster(this RouteGroupBuilder api)
    {
        var roster = api.MapGroup("/roster").WithTags("Roster").RequireAuthorization(RosterPolicies.Roster);
        roster.MapGet("", ListAsync).WithName("ListPostings")
            .WithSummary("The duty roster: postings that end today or later (leadership, admin)")
            .WithDescription("?day=yyyy-MM-dd lists the postings active on that day instead.")
            .Produces<IReadOnlyList<PostingView>>().ProducesValidationProblem();
        roster.MapPost("", AddAsync).WithName("AddPosting")
            .WithSummary("Post an official to a locality for a range of dates")
            .WithDescription("Body {login | email, locality (code or name), from, to (yyyy-MM-dd, inclusive), phone}. The locality must be " +
                "in force on both dates (a 2021 posting names a 2021 district). 400 names each bad field; nothing is stored.")
            .Accepts<PostingRequest>("application/json")
            .Produces<PostingView>(StatusCodes.Status201Created).ProducesValidationProblem();
        roster.MapPost("/import", ImportAsync).WithName("ImportRoster").DisableAntiforgery()
            .WithSummary("Import a roster file, CSV or XLSX: all or nothing")
            .WithDescription("multipart/form-data with a 'file' (.csv UTF-8 or .xlsx). Columns, Vietnamese or English headers: login (Tên đăng " +
                "nhập) or email, name (Họ tên, optional), locality (Địa bàn: code or name), from (Từ ngày), to (Đến ngày), phone (Điện thoại). " +
                "Every row is checked; errors are named rows[N].field with the file's row and column, and nothing is stored.")
            .Produces<ImportView>(StatusCodes.Status201Created).ProducesValidationProblem();
        roster.MapPost("/{id:long}/revoke", RevokeAsync).WithName("RevokePosting")
            .WithSummary("Revoke a posting (kept, marked revoked)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        var sitreps = api.MapGroup("/sitreps").WithTags("Roster");
        sitreps.MapPost("", FileAsync).WithName("FileSitrep").RequireAuthorization(Policies.Reader)
            .WithSummary("File a situation report for the locality of your posting today")
            .WithDescription("Body {postingId?, reportedAt?, values: {figureKey: number}, text?}. 403 when the caller is not on duty today.")
            .Accepts<SitrepRequest>("application/json")
            .Produces(StatusCodes.Status201Created).ProducesValidationProblem();
        sitreps.MapGet("/latest", LatestAsync).WithName("LatestSitreps").RequireAuthorization(RosterPolicies.Synthesis)
            .WithSummary("The synthesis table: the latest report of each locality on a day, late ones marked (leadership, admin)")
            .WithDescription("?day=yyyy-MM-dd (default: today, Vietnam time).")
            .Produces<IReadOnlyList<SitrepLineView>>().ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> ListAsync(string? day, DutyRoster roster, DutyRosterStore store, CancellationToken ct)
    {
        if (day is null) return Results.Ok((await roster.CurrentAsync(ct)).Select(PostingView.Of).ToList());
        if (DutyRoster.Date(day) is not { } d) return Invalid("day", "không phải ngày (yyyy-MM-dd) / is not a date (yyyy-MM-dd)");
        return Results.Ok((await store.ActiveOnAsync(d, ct)).Select(PostingView.Of).ToList());
    }

    private static async Task<IResult> AddAsync(PostingRequest? body, HttpContext http, DutyRoster roster, DutyRosterStore store, CancellationToken ct)
    {
        var r = await roster.AddAsync(new PostingInput(body?.Login, body?.Email, body?.Locality, body?.From, body?.To, body?.Phone), http.User.ToActor(), ct);
        if (!r.Ok) return Results.ValidationProblem(RosterProblem.ByField(r.Problems));
        var p = await store.GetAsync(r.Ids[0], ct);
        return Results.Created($"/api/v1/roster/{r.Ids[0]}", PostingView.Of(p!));
    }

    private static async Task<IResult> ImportAsync(HttpContext http, DutyRoster roster, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return Invalid("file", "gửi tệp dưới dạng multipart/form-data, trường 'file' / send the file as multipart/form-data, field 'file'");
        IFormCollection form;
        // A form body that does not decode (a NUL in a field, a broken part) is bad input, not a fault of ours.
        try { form = await http.Request.ReadFormAsync(ct); }
        catch (InvalidDataException) { return Invalid("file", "nội dung biểu mẫu không đọc được / the form data cannot be read"); }
        if (form.Files.GetFile("file") is not { Length: > 0 } file) return Invalid("file", "bắt buộc gửi tệp / a file is required");
        if (file.Length > RosterFile.MaxBytes) return Invalid("file", "tệp quá lớn (tối đa 2 MB) / the file is too large (at most 2 MB)");
        await using var s = file.OpenReadStream();
        using var copy = new MemoryStream();
        await s.CopyToAsync(copy, ct);
        copy.Position = 0;
        var r = await roster.ImportAsync(copy, file.FileName, http.User.ToActor(), ct);
        return r.Ok ? Results.Created("/api/v1/roster", new ImportView(r.Ids.Count, r.Ids)) : Results.ValidationProblem(RosterProblem.ByField(r.Problems));
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext http, DutyRoster roster, CancellationToken ct) =>
        await roster.RevokeAsync(id, http.User.ToActor(), ct)
            ? Results.NoContent()
            : Results.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "No such posting", detail: $"There is no active posting {id}.");

    private static async Task<IResult> FileAsync(SitrepRequest? body, HttpContext http, SitReports sitreps, CancellationToken ct)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (k, v) in body?.Values ?? [])
            values[k] = v.ValueKind switch
            {
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null => null,
                _ => "?",
            };
        var r = await sitreps.FileAsync(http.User.ToActor(), new SitrepInput(body?.PostingId, body?.ReportedAt, values, body?.Text), ct);
        return r.Status switch
        {
            SitrepStatus.Filed => Results.Created($"/api/v1/sitreps/{r.Id}", new { id = r.Id }),
            SitrepStatus.NotOnDuty => Results.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Not on duty",
                detail: "You have no duty posting today, so there is no locality to report for."),
            _ => Results.ValidationProblem(RosterProblem.ByField(r.Problems!)),
        };
    }

    private static async Task<IResult> LatestAsync(string? day, SitReports sitreps, CancellationToken ct)
    {
        var d = sitreps.Today;
        if (day is not null && DutyRoster.Date(day) is not { } parsed) return Invalid("day", "không phải ngày (yyyy-MM-dd) / is not a date (yyyy-MM-dd)");
        else if (day is not null) d = DutyRoster.Date(day)!.Value;
        var table = await sitreps.TableAsync(d, ct);
        return Results.Ok(table.Rows.Select(r => new SitrepLineView(r.LocalityCode, r.LocalityName, [.. r.Officials.Select(o => o.DisplayName)],
            [.. r.Officials.Select(o => o.Phone)], r.Latest?.ReportedAt, r.Latest?.Values ?? new Dictionary<string, decimal>(), r.Latest?.Text, r.Late)).ToList());
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
