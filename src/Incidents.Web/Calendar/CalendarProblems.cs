using Incidents.Core.Calendar;
using Incidents.Core.Intake;
using Incidents.Web.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Calendar;

/// <summary>
/// A count that runs past the holiday table (CalendarNotCoveredException) is the user's to hear about, never a 500: a 422
/// problem naming the field whose date led there. Endpoints that know the field (intake: receivedAt) answer themselves;
/// the exception handler is the net for the rest (field "calendar").
/// </summary>
public static class CalendarProblems
{
    public const string Type = "https://incidents.local/problems/calendar-not-covered";

    public static string Message(CalendarNotCoveredException e) => Problem(e).ToString();

    /// <summary>The same as a code with its argument, for a page to say in its reader's language.</summary>
    public static IntakeProblem Problem(CalendarNotCoveredException e) =>
        IntakeProblem.Of(IntakeProblem.CalendarNotCovered, ("year", IntakeProblem.Number(e.Year)));

    public static ProblemHttpResult Problem(CalendarNotCoveredException e, string field) => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Message(e)] })
        {
            Status = StatusCodes.Status422UnprocessableEntity, Type = Type, Title = "Outside the holiday calendar",
            Detail = $"The holiday calendar has no table for {e.Year}; an administrator must add it.", Extensions = { ["year"] = e.Year },
        });
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
