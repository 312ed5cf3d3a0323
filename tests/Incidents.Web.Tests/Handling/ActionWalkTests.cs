using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Handling;

/// <summary>
/// Walks through the actions API on the shipped definitions, with the fake clock, asserting the exact due instants the
/// answers carry (worked out by hand from the Civil Code rules; Vietnam is UTC+7, no holiday falls in these spans).
/// </summary>
public sealed class ActionWalkTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task ARejectionNeedsItsReasonAndNothingChangesWithoutIt()
    {
        var complaints = await ClientAsync(app, "complaints");
        var number = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();

        var missing = await ProblemAsync(await ActAsync(complaints, number, "refuse", 1), HttpStatusCode.BadRequest);
        Assert.Equal("bắt buộc nhập / is required", missing["errors"]!["inputs.reason"]![0]!.GetValue<string>()); // both languages, as the intake answers
        Assert.Equal("required", missing["codes"]!["inputs.reason"]!.GetValue<string>());
        var unknown = await ProblemAsync(await ActAsync(complaints, number, "refuse", 1, new JsonObject { ["reason"] = "x", ["colour"] = "red" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(unknown["errors"]!["inputs.colour"]);
        var noVersion = await ProblemAsync(await complaints.PostAsync($"/api/v1/cases/{number}/actions/refuse", Json(new JsonObject())),
            HttpStatusCode.BadRequest);
        Assert.NotNull(noVersion["errors"]!["rowVersion"]);

        var unchanged = await GetCaseAsync(complaints, number);
        Assert.Equal("received", unchanged["state"]!.GetValue<string>());
        Assert.Equal(1, unchanged["rowVersion"]!.GetValue<int>());
        Assert.Equal(["created"], await HistoryAsync(app.Services, number));

        var refused = await OkAsync(complaints, number, "refuse", 1, new JsonObject { ["reason"] = "Không thuộc thẩm quyền" });
        Assert.Equal("refused", refused["state"]!.GetValue<string>());
        Assert.Equal("met", Status(refused, "acceptance")); // refusing in time answers the acceptance deadline
        Assert.NotNull(refused["closedAt"]);
    }

    [Fact]
    public async Task TheActionListGivesEachChoiceWithItsWordsFromTheDefinition()
    {
        var complaints = await ClientAsync(app, "complaints");
        var number = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, number, "accept", 1);

        var list = JsonNode.Parse(await complaints.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        var decide = list["actions"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "decide")!;
        var outcome = decide["inputs"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == "outcome")!;
        Assert.Equal(["upheld:Đúng:Upheld", "partly-upheld:Đúng một phần:Partly upheld", "rejected:Sai:Rejected"],
            outcome["choices"]!.AsArray().Select(c =>
                $"{c!["value"]!.GetValue<string>()}:{c["label"]!["vi"]!.GetValue<string>()}:{c["label"]!["en"]!.GetValue<string>()}"));
    }

    [Fact]
    public async Task TwoUsersActingAtOnceOneWinsTheOtherGets409AndNothingOfItIsWritten()
    {
        var a = await ClientAsync(app, "complaints");
        var b = await ClientAsync(app, "complaints");
        var number = (await CreateAsync(a, NewCase("complaint")))["number"]!.GetValue<string>();

        var results = await Task.WhenAll(
            ActAsync(a, number, "accept", 1),
            ActAsync(b, number, "refuse", 1, new JsonObject { ["reason"] = "Trùng đơn" }));
        var codes = results.Select(r => r.StatusCode).OrderBy(c => c).ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);
        var loser = await ProblemAsync(results.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal(2, loser["currentRowVersion"]!.GetValue<int>());

        var winner = results[0].StatusCode == HttpStatusCode.OK ? "accept" : "refuse";
        var now = await GetCaseAsync(a, number);
        Assert.Equal(winner == "accept" ? "accepted" : "refused", now["state"]!.GetValue<string>());
        Assert.Equal(2, now["rowVersion"]!.GetValue<int>());
        Assert.Equal(["created", $"action:{winner}"], await HistoryAsync(app.Services, number));

        // A stale row version later on is refused the same way.
        var stale = await ProblemAsync(await ActAsync(a, number, "withdraw", 1, new JsonObject { ["reason"] = "x" }), HttpStatusCode.Conflict);
        Assert.Equal(2, stale["currentRowVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task RolesStatesAndUnknownsAnswer403And409And404()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var security = await ClientAsync(app, "security");
        var number = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();

        // Leadership reads the case but "accept" belongs to the complaints team (or the assignee).
        await ProblemAsync(await ActAsync(leadership, number, "accept", 1), HttpStatusCode.Forbidden);
        var leadList = JsonNode.Parse(await leadership.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        Assert.DoesNotContain(leadList["actions"]!.AsArray(), x => x!["id"]!.GetValue<string>() == "accept");
        // The security team does not see complaints at all.
        await ProblemAsync(await security.GetAsync($"/api/v1/cases/{number}/actions"), HttpStatusCode.NotFound);
        await ProblemAsync(await ActAsync(security, number, "accept", 1), HttpStatusCode.NotFound);
        // "decide" exists but not in "received".
        var early = await ProblemAsync(await ActAsync(complaints, number, "decide", 1, new JsonObject { ["outcome"] = "upheld", ["decision"] = "1" }),
            HttpStatusCode.Conflict);
        Assert.Contains("not possible in state 'received'", early["detail"]!.GetValue<string>());
        await ProblemAsync(await ActAsync(complaints, number, "teleport", 1), HttpStatusCode.NotFound);
        await ProblemAsync(await ActAsync(complaints, "KN-2026-999999", "accept", 1), HttpStatusCode.NotFound);

        var unchanged = await GetCaseAsync(complaints, number);
        Assert.Equal(1, unchanged["rowVersion"]!.GetValue<int>());
        Assert.Equal(["created"], await HistoryAsync(app.Services, number));
    }

    [Fact]
    public async Task APetitionReclassifiedOpensALinkedComplaintInTheSameStep()
    {
        var complaints = await ClientAsync(app, "complaints");
        var petition = (await CreateAsync(complaints, NewCase("petition", title: "Phản ánh về đất đai")))["number"]!.GetValue<string>();

        var res = await ActAsync(complaints, petition, "classify-complaint", 1);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        var opened = body["opened"]!.GetValue<string>();
        Assert.StartsWith("KN-2026-", opened);
        Assert.Equal("reclassified", body["case"]!["state"]!.GetValue<string>());
        Assert.Equal("met", Status(body["case"]!, "processing"));

        var complaint = await GetCaseAsync(complaints, opened);
        Assert.Equal("complaint", complaint["type"]!.GetValue<string>());
        Assert.Equal("received", complaint["state"]!.GetValue<string>());
        Assert.Equal("Phản ánh về đất đai", complaint["title"]!.GetValue<string>());
        Assert.Equal("Nguyễn Văn An", complaint["reporter"]!["name"]!.GetValue<string>());
        // Counted from the petition's receipt (20 Nov): day 10 is Monday 30 Nov.
        Assert.Equal(Utc("2026-11-30T17:00:00Z"), Due(complaint, "acceptance"));

        var links = app.Services.GetRequiredService<Storage.Links.CaseLinkStore>();
        var queries = app.Services.GetRequiredService<Storage.Triage.CaseQueries>();
        var fromPetition = await links.ListAsync((await queries.GetAsync(petition))!.Id);
        var fromComplaint = await links.ListAsync((await queries.GetAsync(opened))!.Id);
        Assert.Equal(opened, Assert.Single(fromPetition).OtherNumber);
        Assert.Equal(petition, Assert.Single(fromComplaint).OtherNumber);
        Assert.Equal("reclassified", fromComplaint[0].Kind);
        Assert.Equal(["created", "action:classify-complaint", "reclassified"], await HistoryAsync(app.Services, petition));
        Assert.Equal(["created", "reclassified-from"], await HistoryAsync(app.Services, opened));
    }

    [Fact]
    public async Task APetitionReclassifiedAsADenunciationHidesTheDenouncerOnThePetitionToo()
    {
        var intake = await ClientAsync(app, "complaints");
        var colleague = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var body = NewCase("petition", title: "Phản ánh sai phạm của cán bộ");
        body["reporter"]!["name"] = "Trần Thị Bích Ngọc";
        var petition = (await CreateAsync(intake, body))["number"]!.GetValue<string>();
        // Before: an open petition, found by the name without diacritics.
        Assert.Equal("Trần Thị Bích Ngọc", (await GetCaseAsync(colleague, petition))["reporter"]!["name"]!.GetValue<string>());
        Assert.Contains(petition, await SearchAsync(colleague, "Tran Thi Bich Ngoc"));

        var opened = JsonNode.Parse(await (await ActAsync(intake, petition, "classify-denunciation", 1)).Content.ReadAsStringAsync())!
            ["opened"]!.GetValue<string>();
        Assert.StartsWith("TC-", opened);

        foreach (var number in new[] { petition, opened })
        {
            var seen = await colleague.GetStringAsync($"/api/v1/cases/{number}");
            Assert.DoesNotContain("Bích Ngọc", seen);
            Assert.DoesNotContain("0912 345 678", seen);
            Assert.True(JsonNode.Parse(seen)!["reporterConfidential"]!.GetValue<bool>());
        }
        Assert.Empty(await SearchAsync(colleague, "Tran Thi Bich Ngoc"));
        Assert.Contains(petition, await SearchAsync(colleague, "sai pham cua can bo")); // the rest of the text is still searched
        // Leadership still sees who it was, on the petition as well.
        Assert.Equal("Trần Thị Bích Ngọc", JsonNode.Parse(await leadership.GetStringAsync($"/api/v1/cases/{petition}?reason=review"))!["reporter"]!["name"]!.GetValue<string>());
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient client, string q) =>
        [.. JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={Uri.EscapeDataString(q)}&pageSize=100"))!["items"]!.AsArray()
            .Select(c => c!["number"]!.GetValue<string>())];
}

/// <summary>The complaint walk on its own host: its fake clock starts at IncidentsApp.Start (2026-11-25T03:00Z).</summary>
public sealed class ComplaintWalkTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task ComplaintMainPathWhereWaitingOnTheCitizenDoesNotStopTheStatutoryClock()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var created = await CreateAsync(complaints, NewCase("complaint", inputs: new JsonObject { ["complex"] = "true" }));
        var number = created["number"]!.GetValue<string>();
        // Received Friday 20 Nov (local): day 10 is Monday 30 Nov, ending 24:00 local = 17:00Z.
        Assert.Equal(Utc("2026-11-30T17:00:00Z"), Due(created, "acceptance"));

        var list = JsonNode.Parse(await complaints.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        Assert.Equal(1, list["rowVersion"]!.GetValue<int>());
        Assert.Equal(2, list["workflowVersion"]!.GetValue<int>());
        var ids = list["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["accept", "refuse", "request-awaiting-documents", "withdraw"], ids);
        var refuse = list["actions"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "refuse")!;
        Assert.Equal("refused", refuse["target"]!.GetValue<string>());
        Assert.Equal("Refuse with reasons", refuse["label"]!["en"]!.GetValue<string>());
        Assert.Equal("Không thụ lý (nêu rõ lý do)", refuse["label"]!["vi"]!.GetValue<string>());
        var reason = refuse["inputs"]!.AsArray().Single()!;
        Assert.Equal("reason", reason["id"]!.GetValue<string>());
        Assert.True(reason["required"]!.GetValue<bool>());
        Assert.Equal("text", reason["type"]!.GetValue<string>());

        // At 10:00 local on the 25th the case waits on the citizen's documents: Art. 27 gives no ground to stop the clock.
        var waiting = await OkAsync(complaints, number, "request-awaiting-documents", 1, new JsonObject { ["request"] = "Bổ sung giấy tờ" });
        Assert.Equal("awaiting-documents", waiting["state"]!.GetValue<string>());
        Assert.Equal("running", Status(waiting, "acceptance"));
        Assert.Equal(2, waiting["rowVersion"]!.GetValue<int>());

        // 53 hours later the documents arrive: the limit has not moved.
        app.Time.Advance(TimeSpan.FromHours(53));
        var resumed = await OkAsync(complaints, number, "resume-awaiting-documents", 2);
        Assert.Equal("received", resumed["state"]!.GetValue<string>());
        Assert.Equal(Utc("2026-11-30T17:00:00Z"), Due(resumed, "acceptance"));

        // Accepted at 16:00 local on Friday 27 Nov: a complex case has 45 days, to Monday 11 January 2027.
        app.Time.Advance(TimeSpan.FromHours(1));
        var accepted = await OkAsync(complaints, number, "accept", 3);
        Assert.Equal("accepted", accepted["state"]!.GetValue<string>());
        Assert.Equal("met", Status(accepted, "acceptance"));
        Assert.Equal(Utc("2027-01-11T17:00:00Z"), Due(accepted, "resolution"));
        Assert.Equal(Utc("2027-01-11T17:00:00Z"), accepted["nextDueAt"]!.GetValue<DateTimeOffset>());

        // Leadership decides.
        app.Time.Advance(TimeSpan.FromDays(3));
        var decided = await OkAsync(leadership, number, "decide", 4, new JsonObject { ["outcome"] = "upheld", ["decision"] = "QĐ 12/2026" });
        Assert.Equal("resolved", decided["state"]!.GetValue<string>());
        Assert.Equal("met", Status(decided, "resolution"));
        Assert.Equal(app.Time.GetUtcNow(), decided["closedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(decided["nextDueAt"]);

        Assert.Equal(["created", "action:request-awaiting-documents", "action:resume-awaiting-documents", "action:accept", "action:decide"],
            await HistoryAsync(app.Services, number));
        // A final state offers nothing more.
        var after = JsonNode.Parse(await complaints.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        Assert.Empty(after["actions"]!.AsArray());
    }
}

/// <summary>The security incident walk on its own host: its fake clock starts at 2026-11-25T03:00Z.</summary>
public sealed class SecurityIncidentWalkTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task SecurityIncidentWithPauseExtensionAndExactInstants()
    {
        var security = await ClientAsync(app, "security");
        var leadership = await ClientAsync(app, "leadership");
        var created = await CreateAsync(security, NewCase("security-incident", "2026-11-25T09:55:00+07:00", "high"));
        var number = created["number"]!.GetValue<string>();
        // High: acknowledge in 15 minutes, resolve in 4 hours, both from receipt at 02:55Z.
        Assert.Equal(Utc("2026-11-25T03:10:00Z"), Due(created, "acknowledge"));
        Assert.Equal(Utc("2026-11-25T06:55:00Z"), Due(created, "resolve"));

        var dismissNoReason = await ProblemAsync(await ActAsync(security, number, "dismiss", 1), HttpStatusCode.BadRequest);
        Assert.NotNull(dismissNoReason["errors"]!["inputs.reason"]);

        var ack = await OkAsync(security, number, "acknowledge", 1);
        Assert.Equal("investigating", ack["state"]!.GetValue<string>());
        Assert.Equal("met", Status(ack, "acknowledge"));

        app.Time.Advance(TimeSpan.FromMinutes(30)); // 03:30Z
        var waiting = await OkAsync(security, number, "await-reporter", 2, new JsonObject { ["request"] = "Gửi nhật ký máy chủ" });
        Assert.Equal("paused", Status(waiting, "resolve"));
        app.Time.Advance(TimeSpan.FromHours(2)); // 05:30Z
        var replied = await OkAsync(security, number, "reporter-replied", 3);
        Assert.Equal(Utc("2026-11-25T08:55:00Z"), Due(replied, "resolve")); // 06:55 + the 2 paused hours

        // Extensions are approved by leadership only: the team gets 403 and nothing changes.
        var forbidden = await ProblemAsync(await ActAsync(security, number, "extend-resolve", 4, new JsonObject { ["reason"] = "Cần phân tích thêm" }),
            HttpStatusCode.Forbidden);
        Assert.Equal("Forbidden", forbidden["title"]!.GetValue<string>());
        Assert.Equal(4, (await GetCaseAsync(security, number))["rowVersion"]!.GetValue<int>());

        var extended = await OkAsync(leadership, number, "extend-resolve", 4, new JsonObject { ["reason"] = "Cần phân tích thêm" });
        Assert.Equal("investigating", extended["state"]!.GetValue<string>());
        Assert.Equal(1, Deadline(extended, "resolve")["extensionsUsed"]!.GetValue<int>());
        Assert.Equal(Utc("2026-11-25T12:55:00Z"), Due(extended, "resolve")); // 02:55 + 4h + 4h extension + 2h paused
        Assert.Contains(Deadline(extended, "resolve")["steps"]!.AsArray(),
            s => s!["stepKey"]!.GetValue<string>() == "breach.x1" && s["at"]!.GetValue<DateTimeOffset>() == Utc("2026-11-25T12:55:00Z"));

        var resolved = await OkAsync(security, number, "resolve", 5, new JsonObject { ["summary"] = "Đã vá lỗ hổng" });
        Assert.Equal("resolved", resolved["state"]!.GetValue<string>());
        Assert.Equal("met", Status(resolved, "resolve"));
    }
}

/// <summary>A host configured with an election day: candidate complaints get it as their case field at intake.</summary>
public sealed class ElectionApp : IncidentsApp
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Incidents:Election:Day", "2026-11-28");
    }
}

public sealed class CandidateComplaintTests(ElectionApp app) : IClassFixture<ElectionApp>
{
    [Fact]
    public async Task TheIntakePageSetsTheConfiguredElectionDayAsTheApiDoes()
    {
        var login = $"d{Guid.NewGuid():N}"[..20];
        var clerk = await Pages.PageSession.CreateUserAsync(app, login, login, "complaints");
        var r = await app.Services.GetRequiredService<Incidents.Web.Intake.CaseIntake>().TakeInAsync([new Incidents.Core.Intake.IntakeRequest
        {
            Type = "candidate-complaint", Title = "Khiếu nại về người ứng cử", LocalityCode = "00004", Channel = "counter",
            ReceivedAt = "2026-11-10T09:00:00+07:00", Reporter = new Incidents.Core.Intake.ReporterInput("Phạm Thị Hoa", "Hà Nội", null, null),
        }], [], clerk.ToActor());
        Assert.True(r.Ok, string.Join("; ", r.Errors.SelectMany(e => e.Value)));
        var c = (await app.Services.GetRequiredService<Storage.Triage.CaseQueries>().GetAsync(r.Numbers[0]))!;
        Assert.Equal("2026-11-28", c.Inputs["election-day"]);
    }

    [Fact]
    public async Task TheConfiguredElectionDayDecidesTheWindow()
    {
        var complaints = await ClientAsync(app, "complaints");
        // The sender's own date is overridden by the committee's configured one.
        var created = await CreateAsync(complaints, NewCase("candidate-complaint", inputs: new JsonObject { ["election-day"] = "2027-05-01" }));
        var number = created["number"]!.GetValue<string>();
        Assert.Equal("2026-11-28", created["inputs"]!["election-day"]!.GetValue<string>());

        // Received 20 Nov, inside the 10 days before 28 Nov: no longer considered, only logged and routed.
        var list = JsonNode.Parse(await complaints.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        Assert.Equal(["log-and-route"], list["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        var refused = await ProblemAsync(await ActAsync(complaints, number, "consider", 1), HttpStatusCode.Conflict);
        Assert.Contains("10", refused["detail"]!.GetValue<string>());
        var routed = await OkAsync(complaints, number, "log-and-route", 1, new JsonObject { ["routed-to"] = "Ủy ban bầu cử" });
        Assert.Equal("routed", routed["state"]!.GetValue<string>());
    }
}
