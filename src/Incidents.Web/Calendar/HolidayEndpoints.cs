using System.Globalization;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Storage.Calendar;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

public sealed record HolidayView(string Date, string Name, string Kind, bool Provisional)
{
    public static HolidayView From(StoredHoliday h) => new(h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.Name, h.Kind, h.Provisional);
}

/// <summary>A year of the holiday table: status provisional | confirmed.</summary>
public sealed record CalendarYearView(int Year, string Status, DateTimeOffset ChangedAt, string ChangedBy, string? Notice);

/// <summary>The reference of the Government notice a year was checked against, e.g. "6150/TB-BNV".</summary>
public sealed record ConfirmYearRequest(string? Notice);

public sealed record HolidayRequest(string? Name, string? Kind);

/// <summary>A year's notice, one day a line: "2027-02-05; holiday; Tết Nguyên đán" (kinds holiday | compensating | working).</summary>
public sealed record HolidayImportRequest(string? Text);

/// <summary>A background recount of the open day-counted deadlines: queued cases, done so far, moved among them, finishedAt once done.</summary>
public sealed record CalendarRecountView(long Id, string Cause, string Actor, DateTimeOffset RequestedAt, int Queued, int Done, int Moved,
    DateTimeOffset? FinishedAt)
{
    public static CalendarRecountView From(CalendarRecount r) => new(r.Id, r.Cause, r.Actor, r.RequestedAt, r.Queued, r.Done, r.Moved, r.FinishedAt);
}

/// <summary>The answer to an edit, given at once: the open cases queued for the recount, and the recount to follow (GET /holidays/recounts/{id}).</summary>
public sealed record CalendarEditView(int Queued, CalendarRecountView? Recount);

public static class HolidayEndpoints
{
    public static RouteGroupBuilder MapHolidays(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/holidays").WithTags("Calendar").RequireAuthorization(Policies.Admin);
        g.MapGet("", ListAsync).WithName("ListHolidays")
            .WithSummary("The days of a year in the holiday table")
            .WithDescription("?year= (default: this year in Asia/Ho_Chi_Minh). Weekends are rest days and are not listed. kind: holiday | " +
                "compensating (days off) | working (a Saturday worked). provisional: not yet confirmed against the year's notice.")
            .Produces<IReadOnlyList<HolidayView>>().ProducesValidationProblem();
        g.MapGet("/years", YearsAsync).WithName("ListCalendarYears")
            .WithSummary("The years the holiday table covers, provisional or confirmed")
            .WithDescription("A deadline counted into a year not listed is refused (422) rather than guessed.")
            .Produces<IReadOnlyList<CalendarYearView>>();
        g.MapPut("/{date}", PutAsync).WithName("SetHoliday")
            .WithSummary("Add or rename a day")
            .WithDescription("date yyyy-MM-dd in a year the table covers; body {name, kind: holiday|compensating|working}. The open cases' " +
                "day-counted deadlines are recounted in the background; the answer gives the recount to follow.")
            .Accepts<HolidayRequest>("application/json")
            .Produces<CalendarEditView>().ProducesValidationProblem();
        g.MapDelete("/{date}", DeleteAsync).WithName("DeleteHoliday")
            .WithSummary("Remove a day (a weekday becomes a working day, a Saturday a rest day)")
            .Produces<CalendarEditView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/seed/{year:int}", SeedAsync).WithName("SeedHolidays")
            .WithSummary("Replace a year's days with the built-in table (2021–2036)")
            .WithDescription("2021–2026 from the Government's notices; 2027–2036 computed and provisional.")
            .Produces<CalendarEditView>().ProducesValidationProblem();
        g.MapPost("/import/{year:int}", ImportAsync).WithName("ImportHolidays")
            .WithSummary("Import a year's notice: replaces the year's days and confirms the year")
            .WithDescription("Body text/plain, or JSON {text}: one day a line, \"2027-02-05; holiday; Tết Nguyên đán\" (kinds holiday | " +
                "compensating | working, or nghỉ lễ | nghỉ bù | làm bù; ';', tab or '|' separate; blank lines and # comments skipped). " +
                "All or nothing: a bad line answers 400 with errors.text naming the line, and nothing is stored.")
            .Accepts<HolidayImportRequest>("application/json", "text/plain")
            .Produces<CalendarEditView>().ProducesValidationProblem();
        g.MapPost("/confirm/{year:int}", ConfirmAsync).WithName("ConfirmCalendarYear")
            .WithSummary("Confirm a year against its notice: its days stop being provisional")
            .WithDescription("Body {notice}: the reference of the Government notice the year's days were checked against (required).")
            .Accepts<ConfirmYearRequest>("application/json")
            .Produces<CalendarEditView>().ProducesValidationProblem();
        g.MapGet("/recounts", RecountsAsync).WithName("ListCalendarRecounts")
            .WithSummary("The latest recounts after calendar changes, newest first")
            .Produces<IReadOnlyList<CalendarRecountView>>();
        g.MapGet("/recounts/{id:long}", RecountAsync).WithName("GetCalendarRecount")
            .WithSummary("A recount's progress: queued, done, moved, finishedAt")
            .Produces<CalendarRecountView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(int? year, CalendarAdmin admin, TimeProvider time, CancellationToken ct)
    {
        var y = year ?? Core.Calendar.BusinessCalendar.LocalDate(time.GetUtcNow()).Year;
        if (y is < 1900 or > 2200) return Invalid("year", "must be between 1900 and 2200");
        return Results.Ok((await admin.YearAsync(y, ct)).Select(HolidayView.From).ToList());
    }

    private static async Task<IResult> PutAsync(string date, HolidayRequest? body, HttpContext http, CalendarAdmin admin, CancellationToken ct)
    {
        if (!TryDate(date, out var d)) return Invalid("date", "must be a date (yyyy-MM-dd)");
        return Answer(await admin.SetHolidayAsync(d, body?.Name, body?.Kind, http.User.ToActor().Login, ct), date);
    }

    private static async Task<IResult> DeleteAsync(string date, HttpContext http, CalendarAdmin admin, CancellationToken ct)
    {
        if (!TryDate(date, out var d)) return Invalid("date", "must be a date (yyyy-MM-dd)");
        return Answer(await admin.DeleteHolidayAsync(d, http.User.ToActor().Login, ct), date);
    }

    private static async Task<IResult> SeedAsync(int year, HttpContext http, CalendarAdmin admin, CancellationToken ct) =>
        Answer(await admin.SeedYearAsync(year, http.User.ToActor().Login, ct), year.ToString(CultureInfo.InvariantCulture));

    private static async Task<IResult> ImportAsync(int year, HttpContext http, CalendarAdmin admin, CancellationToken ct)
    {
        string? text;
        if (http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false)
        {
            try { text = (await http.Request.ReadFromJsonAsync<HolidayImportRequest>(ct))?.Text; }
            catch (System.Text.Json.JsonException) { return Invalid("text", "the body must be JSON {\"text\": \"...\"} or text/plain"); }
        }
        else
        {
            using var reader = new StreamReader(http.Request.Body);
            text = await reader.ReadToEndAsync(ct);
        }
        return Answer(await admin.ImportYearAsync(year, text, http.User.ToActor().Login, ct), year.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> ConfirmAsync(int year, ConfirmYearRequest? body, HttpContext http, CalendarAdmin admin, CancellationToken ct) =>
        Answer(await admin.ConfirmYearAsync(year, body?.Notice, http.User.ToActor().Login, ct), year.ToString(CultureInfo.InvariantCulture));

    private static async Task<IResult> YearsAsync(CalendarAdmin admin, CancellationToken ct) =>
        Results.Ok((await admin.YearsAsync(ct)).Select(y => new CalendarYearView(y.Year, y.Status, y.ChangedAt, y.ChangedBy, y.Notice)).ToList());

    private static async Task<IResult> RecountsAsync(CalendarRecounts recounts, CancellationToken ct) =>
        Results.Ok((await recounts.LatestAsync(10, ct)).Select(CalendarRecountView.From).ToList());

    private static async Task<IResult> RecountAsync(long id, CalendarRecounts recounts, CancellationToken ct) =>
        await recounts.GetAsync(id, ct) is { } r
            ? Results.Ok(CalendarRecountView.From(r))
            : Results.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "No such recount", detail: $"There is no recount {id}.");

    private static IResult Answer(CalendarEditResult r, string what) => r.Status switch
    {
        CalendarEditStatus.Done => Results.Ok(new CalendarEditView(r.Recount?.Queued ?? 0, r.Recount is null ? null : CalendarRecountView.From(r.Recount))),
        CalendarEditStatus.NotFound => Results.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not a holiday",
            detail: $"{what} is not in the holiday table."),
        _ => Results.ValidationProblem(r.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
    };

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static bool TryDate(string s, out DateOnly d) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
}
