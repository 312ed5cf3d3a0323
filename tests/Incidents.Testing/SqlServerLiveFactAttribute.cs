using Xunit;

namespace Incidents.Testing;

/// <summary>
/// A fact that runs only when INCIDENTS_TEST_SQLSERVER holds a connection string: the one kind of test allowed to skip.
/// Its classes carry [Trait("Category", "SqlServer")] and keep SqlServerLive in their names, which is how tests/run.sh
/// tells this skip from a forbidden one.
/// </summary>
public sealed class SqlServerLiveFactAttribute : FactAttribute
{
    public const string Variable = "INCIDENTS_TEST_SQLSERVER";

    public SqlServerLiveFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = Variable + " is not set";
    }
}
