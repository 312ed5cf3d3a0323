using System.Net;
using System.Text.Json.Nodes;
using Incidents.Storage.Outbox;
using Incidents.Storage.Triage;
using Incidents.Web.Handling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Handling;

/// <summary>
/// Election day 10 December 2026: candidate complaints stop at the start of 30 November (Art. 61(2)). The test drives
/// the automatic moves itself: no recurring job, no startup run.
/// </summary>
public sealed class HandoverApp : IncidentsApp
{
    public const string Leadership = "lanhdao@ubnd.test";

    /// <summary>Another host's database file, to run two hosts on one database; null: this host's own.</summary>
    public string? Database { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Database is not null) builder.UseSetting("Incidents:Database:ConnectionString", $"Data Source={Database}");
        builder.UseSetting("Incidents:Election:Day", "2026-12-10");
        builder.UseSetting("Incidents:Escalation:RecurringJobs", "false");
        builder.UseSetting("Incidents:Escalation:SweepAtStartup", "false");
        builder.UseSetting("Incidents:Escalation:Recipients:leadership:0", Leadership);
        builder.UseSetting("Incidents:Smtp:PickupDirectory", Path.Combine(Dir, "mail"));
    }
}

public sealed class CandidateHandoverTests(HandoverApp app) : IClassFixture<HandoverApp>
{
    private static readonly DateTimeOffset Cutoff = new(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task AnOpenCandidateComplaintMovesToHandOverAtTheCutoffOnceWithOneEmailToLeadership()
    {
        var complaints = await ClientAsync(app, "complaints");
        var number = (await CreateAsync(complaints, NewCase("candidate-complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, number, "consider", 1);

        app.Time.SetUtcNow(Cutoff.AddMinutes(-1));
        Assert.Equal(0, await app.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default));
        Assert.Equal("considering", (await GetCaseAsync(complaints, number))["state"]!.GetValue<string>());

        // No host ran at the cutoff; two come up two days later and both run the job, then one restarts and runs it again.
        app.Time.SetUtcNow(Cutoff.AddDays(2));
        var runs = await Task.WhenAll(
            app.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default),
            app.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default));
        Assert.Equal(0, await app.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default));
        Assert.Equal(1, runs.Sum());

        var moved = await GetCaseAsync(complaints, number);
        Assert.Equal("awaiting-handover", moved["state"]!.GetValue<string>());
        Assert.Equal("cancelled", Status(moved, "resolution"));
        Assert.Single(await HistoryAsync(app.Services, number), k => k == "automatic");

        var c = (await app.Services.GetRequiredService<CaseQueries>().GetAsync(number))!;
        var mail = Assert.Single((await app.Services.GetRequiredService<OutboxStore>().ListAsync(caseId: c.Id)).Items);
        Assert.Equal([HandoverApp.Leadership], mail.Recipients);
        Assert.Equal(app.Services.GetRequiredService<AutomaticMoveJob>().MessageIdFor(number, "awaiting-handover", Cutoff), mail.MessageId);
        Assert.Contains("Điều 61(2), 61(4)", mail.BodyText);

        // The case page's history names the move and why.
        var login = $"p{Guid.NewGuid():N}"[..20];
        await Pages.PageSession.CreateUserAsync(app, login, login, "complaints");
        var html = WebUtility.HtmlDecode(await (await Pages.PageSession.SignedInAsync(app, login)).GetStringAsync($"/cases/{number}?culture=vi"));
        Assert.Contains("Tự động chuyển trạng thái", html);
        Assert.Contains("Đến mốc 10 ngày trước ngày bầu cử", html);

        // Consideration stays refused; the file is handed over only after election day.
        await ProblemAsync(await ActAsync(complaints, number, "hand-over", 3, new JsonObject { ["handed-to"] = "UBBC" }), HttpStatusCode.Conflict);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 11, 8, 0, 0, TimeSpan.FromHours(7)));
        Assert.Equal("handed-over", (await OkAsync(complaints, number, "hand-over", 3, new JsonObject { ["handed-to"] = "Ủy ban bầu cử" }))["state"]!
            .GetValue<string>());
    }
}

public sealed class HandoverRaceTests
{
    [Fact]
    public async Task TwoHostsOnOneDatabaseRacingAtTheCutoffMoveTheCaseOnceAndSendOneEmail()
    {
        await using var first = new HandoverApp();
        var complaints = await ClientAsync(first, "complaints");
        var number = (await CreateAsync(complaints, NewCase("candidate-complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, number, "consider", 1);
        await using var second = new HandoverApp { Database = Path.Combine(first.Dir, "incidents.db") };
        _ = second.Server;

        var at = new DateTimeOffset(2026, 11, 30, 0, 0, 30, TimeSpan.FromHours(7));
        first.Time.SetUtcNow(at);
        second.Time.SetUtcNow(at);
        var runs = await Task.WhenAll(
            first.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default),
            second.Services.GetRequiredService<AutomaticMoveJob>().RunAsync(default));
        Assert.Equal(1, runs.Sum());

        Assert.Single(await HistoryAsync(second.Services, number), k => k == "automatic");
        var c = (await second.Services.GetRequiredService<CaseQueries>().GetAsync(number))!;
        Assert.Equal(("awaiting-handover", 3), (c.State, c.RowVersion));
        Assert.Single((await second.Services.GetRequiredService<OutboxStore>().ListAsync(caseId: c.Id)).Items);
    }
}

public sealed class IntakeWarningTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task TheIntakeAnswerAndTheCaseCarryTheFilingLimitWarning()
    {
        var complaints = await ClientAsync(app, "complaints");
        // Learned on 1 May 2026: the 90 days ended on 30 July; received 20 November.
        var late = await CreateAsync(complaints, NewCase("complaint", inputs: new JsonObject { ["learned-on"] = "2026-05-01" }));
        var warning = Assert.Single(late["warnings"]!.AsArray())!;
        Assert.Equal("late-filing.first", warning["code"]!.GetValue<string>());
        Assert.Contains("Điều 9", warning["message"]!.GetValue<string>());
        Assert.Contains("Art. 9", warning["message"]!.GetValue<string>());

        var read = await GetCaseAsync(complaints, late["number"]!.GetValue<string>());
        Assert.Equal("late-filing.first", read["warnings"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("received", read["state"]!.GetValue<string>()); // still registered

        var inTime = await CreateAsync(complaints, NewCase("complaint", inputs: new JsonObject { ["learned-on"] = "2026-11-01" }));
        Assert.Empty(inTime["warnings"]!.AsArray());
    }

    [Fact]
    public void TheHostRunsTheAutomaticMovesEveryMinute()
    {
        _ = app.Server;
        using var connection = app.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == AutomaticMoveJob.JobId);
        Assert.Equal(Hangfire.Cron.Minutely(), job.Cron);
    }

    [Fact]
    public async Task TheIntakePageShowsTheWarningAfterSubmit()
    {
        var login = $"n{Guid.NewGuid():N}"[..20];
        await Pages.PageSession.CreateUserAsync(app, login, login, "complaints");
        var c = await Pages.PageSession.SignedInAsync(app, login);
        var form = await c.GetStringAsync("/cases/new?culture=vi");
        var res = await c.PostAsync("/cases/new?culture=vi", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Pages.PageSession.Token(form), ["Form.Classification"] = "complaint", ["Form.Channel"] = "counter",
            ["Form.ReceivedAt"] = "2026-11-24T09:00", ["Form.LocalityCode"] = "00004", ["Form.Title"] = "Khiếu nại muộn",
            ["Form.Name"] = "Lê Văn Cường", ["Form.Address"] = "Hoàn Kiếm, Hà Nội", ["Form.Fields[complaint:learned-on]"] = "2026-05-01",
        }));
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var page = WebUtility.HtmlDecode(await c.GetStringAsync(res.Headers.Location + "?culture=vi"));
        // The flash after the redirect, and the case page's own block.
        Assert.Matches("<p class=\"flash ok\" role=\"status\">[^<]*KN-[^<]*quá thời hạn 90 ngày", page);
        Assert.Contains("data-code=\"late-filing.first\"", page);
    }

    [Fact]
    public async Task ACandidateComplaintWithNoElectionDayIsRegisteredWithAWarningAndCannotBeConsidered()
    {
        var complaints = await ClientAsync(app, "complaints");
        // A date the sender supplies does not stand in for the committee's configuration.
        var created = await CreateAsync(complaints, NewCase("candidate-complaint", inputs: new JsonObject { ["election-day"] = "2026-12-20" }));
        Assert.Null(created["inputs"]!["election-day"]);
        var warning = Assert.Single(created["warnings"]!.AsArray())!;
        Assert.Equal("unset.election-day", warning["code"]!.GetValue<string>());
        Assert.Contains("Chưa cấu hình ngày bầu cử", warning["message"]!.GetValue<string>());

        var number = created["number"]!.GetValue<string>();
        var refused = await ProblemAsync(await ActAsync(complaints, number, "consider", 1), HttpStatusCode.Conflict);
        Assert.Contains("Chưa cấu hình ngày bầu cử", refused["detail"]!.GetValue<string>());

        // The intake page gets the same warning to show after submit.
        var login = $"w{Guid.NewGuid():N}"[..20];
        var clerk = await Pages.PageSession.CreateUserAsync(app, login, login, "complaints");
        var r = await app.Services.GetRequiredService<Incidents.Web.Intake.CaseIntake>().TakeInAsync([new Incidents.Core.Intake.IntakeRequest
        {
            Type = "candidate-complaint", Title = "Khiếu nại về người ứng cử", LocalityCode = "00004", Channel = "counter",
            ReceivedAt = "2026-11-20T09:00:00+07:00", Reporter = new Incidents.Core.Intake.ReporterInput("Phạm Thị Hoa", "Hà Nội", null, null),
        }], [], clerk.ToActor());
        Assert.True(r.Ok, string.Join("; ", r.Errors.SelectMany(e => e.Value)));
        Assert.Equal("unset.election-day", Assert.Single(r.Warnings).Warning.Code);

        // The case page says it too, in the reader's language.
        var page = await Pages.PageSession.SignedInAsync(app, login);
        var vi = await page.GetStringAsync($"/cases/{r.Numbers[0]}?culture=vi");
        Assert.Matches("id=\"case-warnings\"[^>]*>\\s*<p data-code=\"unset.election-day\">Chưa cấu hình ngày bầu cử", System.Net.WebUtility.HtmlDecode(vi));
        var en = await page.GetStringAsync($"/cases/{r.Numbers[0]}?culture=en");
        Assert.Contains("No election day is configured", System.Net.WebUtility.HtmlDecode(en));
    }
}
