using System.Text.RegularExpressions;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Mail.Escalation;

namespace Incidents.Mail.Tests;

/// <summary>
/// Issue #12, words not ids, for the emails: an escalation, an unrouted notice and the digest, composed from the shipped
/// denunciation workflow in both languages, carry no workflow id, step key, recipient symbol, ISO duration or UTC time.
/// </summary>
public sealed class NoIdsInMailTests
{
    private static readonly WorkflowCatalog Catalog = WorkflowLoader.Load(Directory.GetFiles(Repo.Dir("workflows"), "*.json")
        .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
        .Select(f => new WorkflowSource(Path.GetFileName(f), File.ReadAllText(f)))).Catalog;

    private static FiringContext Context(DeadlineStep step, IReadOnlyList<string> recipients) => new(
        new CaseRecord
        {
            Id = 7, Number = "TC-2026-000007", Type = "denunciation", WorkflowVersion = Catalog.Current("denunciation")!.Version,
            State = "investigating", Title = "x", LocalityCode = "00004", Channel = Channel.Post, ReceivedAt = Samples.T0, CreatedAt = Samples.T0,
        },
        "complaints", "Phường Ba Đình",
        new DeadlineRecord
        {
            Key = "resolution", Name = "resolution", LegalBasis = "x", Duration = "P30D", Unit = DurationUnit.Calendar,
            StartedAt = Samples.T0 - TimeSpan.FromDays(30), DueAt = Samples.T0, Steps = [step],
        },
        step, recipients, ["ops@ubnd.test"], Samples.T0 + TimeSpan.FromHours(5));

    /// <summary>In English a one-word id is often the word itself ("acceptance"): only ids with a hyphen or a dot count there.</summary>
    private static IEnumerable<string> Leaks(string text, bool english)
    {
        var def = Catalog.Current("denunciation")!;
        var ids = def.States.Select(s => s.Id).Concat(def.States.SelectMany(s => s.Actions).Select(a => a.Id))
            .Concat(def.Deadlines.Select(d => d.Id)).Concat(["escalation.2", "team-lead", "assignee", "leadership", "denunciation"]);
        foreach (var id in ids.Distinct().Where(i => !english || i.Contains('-') || i.Contains('.')))
            if (Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(id)}(?![\w-])")) yield return id;
        foreach (Match m in Regex.Matches(text, @"\bP(T?\d+[DHMWS])+\b|\d{4}-\d\d-\d\dT\d\d:\d\d")) yield return m.Value;
    }

    [Theory]
    [InlineData(MailCulture.Vi)]
    [InlineData(MailCulture.En)]
    public void Escalation_and_unrouted_mails_name_the_case_in_words(MailCulture culture)
    {
        var composer = new EscalationComposer(new MailOptions { Culture = culture, AdminAddresses = ["ops@ubnd.test"] }, Catalog);
        var step = new DeadlineStep("escalation.2", StepKinds.Escalation, Samples.T0, ["assignee", "team-lead", "leadership"]);
        var sent = Assert.Single(composer.Plan(Context(step, ["lan@ubnd.test"])).Messages);
        var unrouted = Assert.Single(composer.Plan(Context(step, [])).Messages);
        foreach (var m in new[] { sent, unrouted })
        {
            // The body only: the headers carry the machine's step key on purpose (X-Incidents-Step).
            var leaks = Leaks(m.Subject + "\n" + m.BodyText + "\n" + m.BodyHtml, culture == MailCulture.En).ToList();
            Assert.True(leaks.Count == 0, $"{culture}: {string.Join(", ", leaks)}\n{m.BodyText}");
        }
    }
}
