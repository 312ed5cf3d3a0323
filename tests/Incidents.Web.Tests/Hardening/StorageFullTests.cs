using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Incidents.Core.Access;
using Incidents.Storage.Health;
using Incidents.Web.Tests.Pages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hardening;

/// <summary>
/// A database that cannot take writes (read-only file here; a full disk in tests/reliability.sh on a small tmpfs): every
/// write answers 503 with Retry-After and its own problem type, pages say so in words, /health says degraded, and nothing
/// is half-written.
/// </summary>
public sealed class StorageFullTests
{
    private static IncidentsApp ReadOnly(string file) => new()
    {
        Settings =
        {
            ["Incidents:Database:ConnectionString"] = $"Data Source={file};Mode=ReadOnly",
            ["Incidents:Database:MigrateOnStart"] = "false",
            ["Incidents:Escalation:SweepAtStartup"] = "false",
            ["Incidents:Escalation:RecurringJobs"] = "false",
        },
    };

    [Fact]
    public async Task An_intake_on_a_read_only_database_is_503_with_retry_after_and_nothing_is_stored_and_health_is_degraded()
    {
        await using var writer = new IncidentsApp();
        var (readerClient, _) = await writer.UserAsync(Roles.Complaints); // its token, read by the read-only host
        var token = readerClient.DefaultRequestHeaders.Authorization!;
        var file = Path.Combine(writer.Dir, "incidents.db");
        await using var cases = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        var before = await cases.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases");

        await using var ro = ReadOnly(file);
        var client = ro.CreateClient();
        client.DefaultRequestHeaders.Authorization = token;
        var r = await client.PostAsync("/api/v1/cases", new StringContent(BadInputTests.Intake().ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(30), r.Headers.RetryAfter!.Delta);
        var p = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal("https://incidents.local/problems/storage-unavailable", p["type"]!.GetValue<string>());
        Assert.Contains("Không có gì được lưu", p["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", p["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("readonly", p.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await cases.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal(0L, await cases.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_events WHERE at > 0 AND case_id NOT IN (SELECT id FROM cases)"));

        var health = await ro.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("degraded", JsonNode.Parse(await health.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_page_whose_write_is_refused_for_storage_shows_a_message_in_the_readers_language()
    {
        await using var writer = new IncidentsApp();
        await PageSession.CreateUserAsync(writer, "ro-admin", "Quản trị", Roles.Admin);
        using (var c = await PageSession.SignedInAsync(writer, "ro-admin")) { } // the antiforgery and cookie keys exist
        var file = Path.Combine(writer.Dir, "incidents.db");

        await using var ro = ReadOnly(file);
        var browser = ro.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        // Signing in records the good login: a write.
        var r = await PageSession.PostSignInAsync(browser, "ro-admin", PageSession.Password);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.NotNull(r.Headers.RetryAfter);
        Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Tạm thời không ghi được dữ liệu", html, StringComparison.Ordinal);
        Assert.Contains("Không có gì được lưu", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_at_its_size_limit_fails_with_SQLITE_FULL_which_is_a_storage_failure_and_rolls_back_whole()
    {
        using var dir = new SqliteFile("full");
        await using var c = new SqliteConnection($"Data Source={dir.Path}");
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE t (b BLOB)");
        var pages = await c.ExecuteScalarAsync<long>("PRAGMA page_count");
        await c.ExecuteAsync($"PRAGMA max_page_count = {pages + 4}");
        await using var tx = await c.BeginTransactionAsync();
        var e = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            for (var i = 0; i < 100; i++) await c.ExecuteAsync("INSERT INTO t VALUES (randomblob(4096))", transaction: tx);
        });
        await tx.RollbackAsync();
        Assert.Equal(13, e.SqliteErrorCode);
        Assert.True(StorageFailure.IsUnavailable(e));
        Assert.True(StorageFailure.IsUnavailable(new InvalidOperationException("wrapped", e)));
        Assert.False(StorageFailure.IsUnavailable(new SqliteException("constraint", 19)));
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
    }
}
