using Incidents.Core.Calendar;
using Incidents.Core.Intake;
using Incidents.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Incidents.Web.Calendar;

/// <summary>
/// A count that runs past the holiday table (CalendarNotCoveredException) is the user's to hear about, never a 500: a 422
/// problem naming the field whose date led there. Endpoints that know the field (intake: receivedAt) answer themselves;
/// the exception handler is the net for the rest (field "calendar").
/// </summary>
public static class CalendarProblems
{
    public const string Type = "https://incidents.local/problems/calendar-not-covered";

    public static string Message(CalendarNotCoveredException e) => IntakeValidator.Bilingual(
        $"Lịch nghỉ lễ chưa có năm {e.Year}; quản trị viên cần bổ sung lịch của năm này.",
        $"the holiday calendar has no table for {e.Year}; an administrator must add it");

    public static IResult Problem(CalendarNotCoveredException e, string field) => Results.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [Message(e)] }, statusCode: StatusCodes.Status422UnprocessableEntity, type: Type,
        title: "Outside the holiday calendar", detail: $"The holiday calendar has no table for {e.Year}; an administrator must add it.",
        extensions: new Dictionary<string, object?> { ["year"] = e.Year });
}

/// <summary>Turns a CalendarNotCoveredException no endpoint caught into the 422 problem.</summary>
public sealed class CalendarNotCoveredHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not CalendarNotCoveredException e) return false;
        await CalendarProblems.Problem(e, "calendar").ExecuteAsync(http);
        return true;
    }
}
