using Incidents.Storage.Access;
using Incidents.Storage.Attachments;
using Incidents.Storage.Calendar;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Links;
using Incidents.Storage.Localities;
using Incidents.Storage.Migrations;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Storage.Workflows;

namespace Incidents.Storage;

/// <summary>Builds every store over one Database; the host registers the same set in DI.</summary>
public static class StorageTypes
{
    /// <summary>The store types, all singletons taking (Database[, TimeProvider]).</summary>
    public static readonly Type[] Stores =
    [
        typeof(MigrationRunner), typeof(CaseStore), typeof(CaseQueries), typeof(CaseUpdateStore), typeof(CaseEventStore),
        typeof(UserStore), typeof(SignInThrottleStore), typeof(ApiTokenStore), typeof(AdminUnitStore), typeof(HolidayStore), typeof(CalendarRecountStore), typeof(AttachmentStore),
        typeof(CaseLinkStore), typeof(WorkflowVersionStore), typeof(DataProtectionKeyStore), typeof(CaseThreadStore),
        typeof(Telemetry.OperationsQueries), typeof(Inbox.MailInStore),
        typeof(Roster.DutyRosterStore), typeof(Roster.SituationReportStore),
    ];
}
