using System.Globalization;
using Incidents.Web.Access;
using Incidents.Web.Api;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

public sealed record HolidayView(string Date, string Name, string Kind)
{
    public static HolidayView From(StoredHoliday h) => new(h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.Name, h.Kind);
}

public sealed record HolidayRequest(string? Name, string? Kind);

/// <summary>The answer to an edit: how many open cases had working-day deadlines recounted.</summary>
public sealed record CalendarEditView(int Recomputed);

public static class HolidayEndpoints
{
    public static RouteGroupBuilder MapHolidays(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/holidays").WithTags("Calendar").RequireAuthorization(Policies.Admin);
        g.MapGet("", ListAsync).WithName("ListHolidays")
            .WithSummary("The holidays of a year")
            .WithDescription("?year= (default: this year in Asia/Ho_Chi_Minh). Weekends are rest days and are not listed. kind: holiday | compensating.")
            .Produces<IReadOnlyList<HolidayView>>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        g.MapPut("/{date}", PutAsync).WithName("SetHoliday")
            .WithSummary("Add or rename a holiday")
            .WithDescription("date yyyy-MM-dd; body {name, kind: holiday|compensating}. Open cases' working-day deadlines are recounted at once.")
            .Accepts<HolidayRequest>("application/json")
            .Produces<CalendarEditView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        g.MapDelete("/{date}", DeleteAsync).WithName("DeleteHoliday")
            .WithSummary("Remove a holiday (it becomes a working day unless a weekend)")
            .Produces<CalendarEditView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/seed/{year:int}", SeedAsync).WithName("SeedHolidays")
            .WithSummary("Write the computed default holidays of a year (2021–2030)")
            .WithDescription("The year's default days are inserted or renamed; other days already in the table are kept.")
            .Produces<CalendarEditView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
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

    private static IResult Answer(CalendarEditResult r, string what) => r.Status switch
    {
        CalendarEditStatus.Done => Results.Ok(new CalendarEditView(r.Recomputed)),
        CalendarEditStatus.NotFound => Results.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not a holiday",
            detail: $"{what} is not in the holiday table."),
        _ => Results.ValidationProblem(r.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })),
    };

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static bool TryDate(string s, out DateOnly d) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d);
}
