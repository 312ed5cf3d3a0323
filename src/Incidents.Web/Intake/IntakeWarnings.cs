using Incidents.Core.Cases;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Web.Calendar;

namespace Incidents.Web.Intake;

/// <summary>A warning as the API shows it: a stable code and the words, Vietnamese first ("vi / en").</summary>
public sealed record WarningView(string Code, string Message)
{
    public static WarningView From(CaseWarning w) => new(w.Code, IntakeValidator.Bilingual(w.Message.Vi, w.Message.En));
}

/// <summary>
/// The case's warnings (a filing limit passed, an action a missing election day shuts), computed from the case and the
/// definition version it runs on with today's holiday table; never stored, so a holiday edit or a configured date shows at once.
/// </summary>
public sealed class IntakeWarnings(WorkflowCatalog catalog, BusinessCalendars calendars)
{
    public IReadOnlyList<CaseWarning> For(CaseRecord c) =>
        catalog.Get(c.Type, c.WorkflowVersion) is { } def ? CaseWarnings.For(def, c, calendars.Calendar) : [];

    public IReadOnlyList<WarningView> Views(CaseRecord c) => [.. For(c).Select(WarningView.From)];
}
