using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Incidents.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests;

public sealed class FailureTests
{
    /// <summary>A real database failure answers 500 problem+json without the exception's text.</summary>
    [Theory]
    [InlineData("Testing")]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task UnexpectedErrorsAnswerAProblemThatLeaksNothing(string environment)
    {
        await using var app = new IncidentsApp { EnvironmentName = environment };
        var (client, _) = await app.UserAsync("complaints");
        await using (var c = await app.Services.GetRequiredService<Database>().OpenAsync())
            await c.ExecuteAsync("ALTER TABLE cases RENAME TO cases_gone");
        var res = await client.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        var body = await res.Content.ReadAsStringAsync();
        Assert.Equal(500, JsonNode.Parse(body)!["status"]!.GetValue<int>());
        Assert.DoesNotContain("no such table", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sqlite", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
    }
}
