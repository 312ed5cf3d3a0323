using Dapper;
using Incidents.Storage.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Incidents.Storage.Tests;

/// <summary>
/// The two dialects' migrations build the same schema: the same tables, columns and indexes (names and key columns).
/// The SQLite side is read from a real migrated file; the SQL Server side from the migration files as ScriptDom parses
/// them, since no server runs here (the live suite, with INCIDENTS_TEST_SQLSERVER, runs them for real).
/// </summary>
public sealed class SchemaEquivalenceTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _t = new();

    public Task InitializeAsync() => _t.InitializeAsync();
    public Task DisposeAsync() => _t.DisposeAsync();

    [Fact]
    public async Task Sqlite_and_sql_server_migrations_give_the_same_tables_columns_and_indexes()
    {
        var sqlite = await SqliteSchemaAsync();
        var sqlServer = SqlServerSchema();
        Assert.Contains("cases", sqlite.Keys); // the comparison saw the real schema
        Assert.True(sqlite.Count >= 15, $"expected the migrated tables, found {sqlite.Count}");
        Assert.Equal(Describe(sqlite), Describe(sqlServer));
    }

    /// <summary>One line per table, column and index, sorted, so a difference reads as a diff.</summary>
    private static string Describe(Dictionary<string, Table> schema) => string.Join(Environment.NewLine, schema
        .SelectMany(t => t.Value.Columns.Select(c => $"{t.Key}.{c}")
            .Concat(t.Value.Indexes.Select(i => $"{t.Key} index {i.Key} ({string.Join(", ", i.Value)})")))
        .Order(StringComparer.Ordinal));

    private sealed class Table
    {
        public HashSet<string> Columns { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<string>> Indexes { get; } = new(StringComparer.Ordinal);
    }

    private async Task<Dictionary<string, Table>> SqliteSchemaAsync()
    {
        await using var c = await _t.Db.OpenAsync();
        var schema = new Dictionary<string, Table>(StringComparer.Ordinal);
        // schema_versions belongs to the runner (one Sql for both dialects), not to the migration files. Ordinary tables
        // only: the FTS5 search index (cases_fts, 0013) and its shadow tables are SQLite's alone; SQL Server searches the
        // same folded column with LIKE (see db/sqlserver/0013).
        var tables = await c.QueryAsync<string>(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_versions'");
        foreach (var table in tables)
        {
            var t = schema[table.ToLowerInvariant()] = new Table();
            foreach (var col in await c.QueryAsync<string>("SELECT name FROM pragma_table_info(@table)", new { table }))
                t.Columns.Add(col.ToLowerInvariant());
            // Declared indexes only: sqlite_autoindex_* back primary keys and UNIQUE constraints, which SQL Server keeps as constraints.
            foreach (var index in await c.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL", new { table }))
                t.Indexes[index.ToLowerInvariant()] = (await c.QueryAsync<string>(
                    "SELECT name FROM pragma_index_info(@index) ORDER BY seqno", new { index })).Select(n => n.ToLowerInvariant()).ToList();
        }
        return schema;
    }

    private static Dictionary<string, Table> SqlServerSchema()
    {
        var visitor = new SchemaVisitor();
        foreach (var m in MigrationRunner.For(DbProvider.SqlServer))
            foreach (var batch in MigrationRunner.Batches(m.Text))
            {
                var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(batch), out var errors);
                Assert.Empty(errors);
                fragment.Accept(visitor);
            }
        return visitor.Schema;
    }

    private sealed class SchemaVisitor : TSqlFragmentVisitor
    {
        public Dictionary<string, Table> Schema { get; } = new(StringComparer.Ordinal);

        private Table Get(SchemaObjectName name) => Schema[name.BaseIdentifier.Value.ToLowerInvariant()];

        public override void ExplicitVisit(CreateTableStatement node)
        {
            var t = Schema[node.SchemaObjectName.BaseIdentifier.Value.ToLowerInvariant()] = new Table();
            foreach (var c in node.Definition.ColumnDefinitions) t.Columns.Add(c.ColumnIdentifier.Value.ToLowerInvariant());
            foreach (var i in node.Definition.Indexes)
                t.Indexes[i.Name.Value.ToLowerInvariant()] = i.Columns.Select(Column).ToList();
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            foreach (var c in node.Definition.ColumnDefinitions) Get(node.SchemaObjectName).Columns.Add(c.ColumnIdentifier.Value.ToLowerInvariant());
        }

        public override void ExplicitVisit(AlterTableDropTableElementStatement node)
        {
            foreach (var e in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                Get(node.SchemaObjectName).Columns.Remove(e.Name.Value.ToLowerInvariant());
        }

        // SQLite has no INCLUDE: there the covered columns trail the key, so included columns are compared the same way.
        public override void ExplicitVisit(CreateIndexStatement node) =>
            Get(node.OnName).Indexes[node.Name.Value.ToLowerInvariant()] = node.Columns.Select(Column)
                .Concat(node.IncludeColumns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value.ToLowerInvariant())).ToList();

        public override void ExplicitVisit(DropIndexStatement node)
        {
            foreach (var d in node.DropIndexClauses.OfType<DropIndexClause>())
                Get(d.Object).Indexes.Remove(d.Index.Value.ToLowerInvariant());
        }

        private static string Column(ColumnWithSortOrder c) => c.Column.MultiPartIdentifier.Identifiers[^1].Value.ToLowerInvariant();
    }
}
