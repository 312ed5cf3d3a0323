using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Storage.Intake;
using Incidents.Web.Tests.Workflows;

namespace Incidents.Web.Tests.Intake;

/// <summary>Intake through the group writer, over HTTP, on a database that outlives the host.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly SqliteFile _db = new("group-commit");

    public GroupCommitTests()
    {
        var workflows = Path.Combine(_db.Dir, "workflows");
        Directory.CreateDirectory(workflows);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows"))) File.Copy(f, Path.Combine(workflows, Path.GetFileName(f)));
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Two_hundred_intakes_at_once_make_two_hundred_numbered_cases_and_each_acknowledged_one_is_there_after_a_restart()
    {
        string[] numbers;
        System.Net.Http.Headers.AuthenticationHeaderValue token;
        await using (var app = new SharedHost(_db.Dir))
        {
            var (api, _) = await app.UserAsync(Roles.Complaints);
            token = api.DefaultRequestHeaders.Authorization!;
            numbers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            {
                var created = await api.PostAsJsonAsync("/api/v1/cases", new
                {
                    type = "complaint", title = $"Khiếu nại về thu hồi đất {i}", localityCode = "00004", channel = "counter",
                    receivedAt = "2026-11-24T09:00:00+07:00", reporter = new { name = "Nguyễn Văn An", address = "12 Hàng Bài, Hoàn Kiếm" },
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                return JsonNode.Parse(await created.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
            }));
        }
        // The answers came after the commit: a new host on the same file reads every acknowledged case.
        Assert.Equal(Enumerable.Range(1, 200).Select(i => CaseStore.FormatNumber("KN", 2026, i)).Order(), numbers.Order());
        await using var again = new SharedHost(_db.Dir);
        var reader = again.CreateClient();
        reader.DefaultRequestHeaders.Authorization = token; // the same user's token, read from the file
        foreach (var n in numbers)
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/cases/" + n)).StatusCode);
    }
}
