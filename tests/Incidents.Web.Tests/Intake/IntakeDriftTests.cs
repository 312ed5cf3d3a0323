using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.States;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Escalation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Intake;

/// <summary>What used to differ between the API's intake and the pages' now comes from one place.</summary>
public sealed class IntakeDriftTests
{
    /// <summary>The host with no sweep (at start-up, by poll or as a recurring job): only intake itself can arm a step.</summary>
    private sealed class NoSweepApp(RecordedJobs jobs) : IncidentsApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Incidents:Escalation:ArmPollInterval", "00:00:00");
            builder.UseSetting("Incidents:Escalation:RecurringJobs", "false");
            builder.UseSetting("Incidents:Escalation:SweepAtStartup", "false");
            builder.ConfigureServices(s =>
            {
                s.RemoveAll<IBackgroundJobClient>();
                s.AddSingleton<IBackgroundJobClient>(jobs);
            });
        }
    }

    [Fact]
    public async Task An_api_intake_of_a_critical_incident_arms_its_acknowledge_warning_at_once()
    {
        var jobs = new RecordedJobs();
        await using var app = new NoSweepApp(jobs);
        var (client, _) = await app.UserAsync(Roles.Security);
        // Received a minute ago: the 5-minute acknowledge limit warns at half time, 90 s from now, inside the horizon.
        var res = await client.PostAsJsonAsync("/api/v1/cases", new JsonObject
        {
            ["type"] = "security-incident", ["title"] = "Xâm nhập hệ thống", ["localityCode"] = "00004", ["channel"] = "phone",
            ["receivedAt"] = (IncidentsApp.Start - TimeSpan.FromMinutes(1)).ToString("O"), ["severity"] = "critical",
        });
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var created = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        var warning = created["deadlines"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "acknowledge")!["steps"]!.AsArray()
            .Single(s => s!["kind"]!.GetValue<string>() == "warning")!;
        Assert.Equal(IncidentsApp.Start + TimeSpan.FromSeconds(90), warning["at"]!.GetValue<DateTimeOffset>());

        // Already in Hangfire when the 201 arrives: no minute sweep in between.
        var id = (await app.Services.GetRequiredService<CaseQueries>().GetAsync(created["number"]!.GetValue<string>()))!.Id;
        var (job, state) = Assert.Single(jobs.Created, j => j.Job.Type == typeof(Deadlines.StepJob));
        Assert.IsType<ScheduledState>(state);
        Assert.Equal(id, job.Args[0]);
        Assert.Equal("acknowledge", job.Args[1]);
        Assert.Equal(warning["stepKey"]!.GetValue<string>(), job.Args[2]);
        Assert.Equal(warning["at"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds(), job.Args[3]);
    }

    [Fact]
    public async Task The_intake_page_names_a_bad_attachment_with_the_one_rule_of_the_intake_and_stores_nothing()
    {
        await using var app = new IncidentsApp();
        var clerk = await CreateUserAsync(app, "clerk", "Clerk", Roles.Complaints);
        var c = await SignedInAsync(app, "clerk");
        var notALetter = "MZ\x90 chương trình"u8.ToArray();

        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(await c.GetStringAsync("/cases/new"))), "__af" },
            { new StringContent("petition"), "Form.Classification" }, { new StringContent("counter"), "Form.Channel" },
            { new StringContent("2026-11-24T09:00"), "Form.ReceivedAt" }, { new StringContent("00004"), "Form.LocalityCode" },
            { new StringContent("Đơn kèm tệp lạ"), "Form.Title" }, { new StringContent("Lê Văn Cường"), "Form.Name" },
            { new ByteArrayContent(notALetter), "Attachments", "thu.pdf" },
        };
        var page = WebUtility.HtmlDecode(await (await c.PostAsync("/cases/new", form)).Content.ReadAsStringAsync());

        // The service, as any path calls it, answers the same words for the same file.
        var direct = await app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "petition", Title = "Đơn kèm tệp lạ", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-24T09:00:00+07:00",
            Reporter = new ReporterInput("Lê Văn Cường", null, null, null),
        }], [new UploadedFile("thu.pdf", notALetter)], clerk.ToActor());
        Assert.Equal(IntakeStatus.Invalid, direct.Status);
        var message = Assert.Single(direct.Errors[AttachmentRules.Field]);
        Assert.Equal("'thu.pdf' không phải tệp PDF, JPEG hoặc PNG. / 'thu.pdf' is not a PDF, JPEG or PNG file.", message);
        // The page the same problem in its reader's language (Vietnamese by default).
        Assert.Contains("<p class=\"field-error\" id=\"err-attachments\">'thu.pdf' không phải tệp PDF, JPEG hoặc PNG.</p>", page);
        Assert.Equal(0, (await app.Services.GetRequiredService<CaseQueries>().ListAsync(new CaseFilter())).Total);
    }
}
