using System.Data.Common;

namespace Incidents.Storage.Intake;

/// <summary>
/// Commands kept on one connection and reused. SQLite prepares a statement (tokenizer, parser, planner and, for the cases
/// table, its search triggers) once per command object, and Dapper makes a new command for every call: each case paid
/// about ten prepares, a fifth of the host's CPU per case (tests/bench/profiles/intake16-cpu-before.txt). The intake
/// writer keeps one set for the life of its connection; a caller outside it gets a set for one call.
/// </summary>
internal sealed class IntakeStatements(DbConnection connection, Database db) : IDisposable
{
    private readonly Dictionary<Sql, DbCommand> _commands = new(ReferenceEqualityComparer.Instance);

    public DbConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/> in <paramref name="tx"/>. Its parameters keep their last values:
    /// the caller sets every one of them each time.</summary>
    public DbCommand For(Sql sql, DbTransaction tx)
    {
        if (!_commands.TryGetValue(sql, out var cmd))
        {
            cmd = connection.CreateCommand();
            cmd.CommandText = db[sql];
            _commands.Add(sql, cmd);
        }
        cmd.Transaction = tx;
        return cmd;
    }

    public void Dispose()
    {
        foreach (var cmd in _commands.Values) cmd.Dispose();
        _commands.Clear();
    }
}

internal static class CommandParameters
{
    /// <summary>Sets @name (added on first use); null is stored as NULL.</summary>
    public static DbCommand Set(this DbCommand cmd, string name, object? value)
    {
        var parameters = cmd.Parameters;
        var i = parameters.IndexOf(name);
        DbParameter p;
        if (i >= 0) p = parameters[i];
        else
        {
            p = cmd.CreateParameter();
            p.ParameterName = name;
            parameters.Add(p);
        }
        p.Value = value ?? DBNull.Value;
        return cmd;
    }
}
