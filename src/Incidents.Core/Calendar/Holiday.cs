namespace Incidents.Core.Calendar;

/// <summary>One day off in the holiday table. Kind is "holiday" (statutory) or "compensating" (a rest-day holiday moved on).</summary>
public sealed record Holiday(DateOnly Date, string Name, string Kind = Holiday.Statutory)
{
    public const string Statutory = "holiday";
    public const string Compensating = "compensating";
}
