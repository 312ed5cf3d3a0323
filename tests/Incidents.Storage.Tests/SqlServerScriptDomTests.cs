using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Incidents.Storage.Migrations;
using Incidents.Storage.Triage;

namespace Incidents.Storage.Tests;

/// <summary>Every SQL Server statement the storage can issue parses with ScriptDom: a typo fails here, not in production.</summary>
public sealed class SqlServerScriptDomTests
{
    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static string Describe(string name, IList<ParseError> errors) =>
        name + ": " + string.Join("; ", errors.Select(e => $"line {e.Line} col {e.Column}: {e.Message}"));

    public static IEnumerable<(string Name, Sql Sql)> AllSqlFields() =>
        typeof(Database).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => f.FieldType == typeof(Sql))
                .Select(f => ($"{t.FullName}.{f.Name}", (Sql)f.GetValue(null)!)));

    [Fact]
    public void EveryStaticSqlFieldParses()
    {
        var fields = AllSqlFields().ToList();
        Assert.True(fields.Count >= 40, $"expected the stores' statements, found {fields.Count}");
        var failures = fields.Select(f => (f.Name, Errors: Parse(f.Sql.SqlServer))).Where(f => f.Errors.Count > 0)
            .Select(f => Describe(f.Name, f.Errors)).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryQueueQueryCombinationParses()
    {
        var statements = CaseQueries.AllListStatements(DbProvider.SqlServer).ToList();
        // Per filter combination: the page, its count, and the page in the incident list's severity order; then each
        // column order (six keys, both directions) over every filter.
        Assert.Equal(2 * 2 * 2 * 2 * 3 * 3 * 2 * 4 * 3 + 6 * 2, statements.Count);
        var failures = statements.Select(s => (s, Errors: Parse(s))).Where(x => x.Errors.Count > 0).Select(x => Describe(x.s, x.Errors)).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryLeadershipFilterCombinationParses()
    {
        var statements = CaseQueries.ReportFilterStatements(DbProvider.SqlServer).ToList();
        // Every non-empty combination of the five report filters (locality-in, received, resolved, open/closed, due-before),
        // alone and with one of each other filter; per combination the page, its count and the severity-ordered page.
        Assert.Equal((2 * 2 * 2 * 3 * 2 - 1) * 2 * 3, statements.Count);
        var failures = statements.Select(s => (s, Errors: Parse(s))).Where(x => x.Errors.Count > 0).Select(x => Describe(x.s, x.Errors)).ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryMigrationFileParses()
    {
        var dir = Repo.Dir("db/sqlserver");
        var files = Directory.GetFiles(dir, "*.sql").OrderBy(f => f).ToList();
        Assert.Contains(files, f => Path.GetFileName(f) == "0001_initial.sql");
        var failures = new List<string>();
        foreach (var f in files)
        {
            var batches = MigrationRunner.Batches(File.ReadAllText(f));
            Assert.NotEmpty(batches);
            foreach (var (b, i) in batches.Select((b, i) => (b, i)))
                if (Parse(b) is { Count: > 0 } errors) failures.Add(Describe($"{Path.GetFileName(f)} batch {i + 1}", errors));
        }
        // The embedded copies are what the runner executes; they must be the same files.
        Assert.Equal(files.Select(Path.GetFileName), MigrationRunner.For(DbProvider.SqlServer).Select(m => m.Name));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void ParserRejectsATypo()
    {
        Assert.NotEmpty(Parse("SELEC id FROM cases"));
        Assert.NotEmpty(Parse("SELECT id FROM cases LIMIT 5"));
    }
}
