using Dapper;
using Incidents.Core.Access;

namespace Incidents.Storage.Access;

/// <summary>
/// Failed sign-ins per client address (signin_throttle), kept in the database rather than in each host's memory: every
/// host behind the proxy sees the same count, and a restart does not hand a guesser a fresh start. A failure already
/// costs a write (the account's count), so this adds one row touch, not a new kind of load.
/// </summary>
public sealed class SignInThrottleStore(Database db)
{
    internal static readonly Sql BlockedUntil = new("SELECT blocked_until FROM signin_throttle WHERE address = @address AND blocked_until > @now");

    internal static readonly Sql Ensure = new(
        """
        INSERT INTO signin_throttle (address, failures, last_failure_at, blocked_until)
        SELECT @address, 0, @now, NULL
        WHERE NOT EXISTS (SELECT 1 FROM signin_throttle WHERE address = @address)
        """,
        """
        INSERT INTO signin_throttle (address, failures, last_failure_at, blocked_until)
        SELECT @address, 0, @now, NULL
        WHERE NOT EXISTS (SELECT 1 FROM signin_throttle WITH (UPDLOCK, HOLDLOCK) WHERE address = @address)
        """);

    /// <summary>One more failure; an address quiet for longer than the memory starts again at one.</summary>
    internal static readonly Sql Count = new("""
        UPDATE signin_throttle SET failures = CASE WHEN last_failure_at < @forgetBefore THEN 1 ELSE failures + 1 END, last_failure_at = @now
        WHERE address = @address
        """);

    internal static readonly Sql Failures = new("SELECT failures FROM signin_throttle WHERE address = @address");
    internal static readonly Sql Block = new("UPDATE signin_throttle SET blocked_until = @until WHERE address = @address");

    /// <summary>Rows of addresses long quiet and no longer blocked (kept small whatever a scan of the internet sends).</summary>
    internal static readonly Sql Forget = new(
        "DELETE FROM signin_throttle WHERE last_failure_at < @forgetBefore AND (blocked_until IS NULL OR blocked_until <= @now)");

    /// <summary>Until when sign-ins from <paramref name="address"/> are refused; null when they are not.</summary>
    public async Task<DateTimeOffset?> BlockedUntilAsync(string address, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Instants.At(await c.ExecuteScalarAsync<long?>(new CommandDefinition(db[BlockedUntil],
            new { address, now = Instants.Ms(now) }, cancellationToken: ct)));
    }

    /// <summary>Counts a failure from <paramref name="address"/>; returns until when the address is now blocked (null: not).</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string address, DateTimeOffset now, CancellationToken ct = default)
    {
        var args = new { address, now = Instants.Ms(now), forgetBefore = Instants.Ms(now - SignInRules.AddressMemory) };
        return await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(db[Forget], args, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(db[Ensure], args, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(db[Count], args, tx, cancellationToken: ct));
            var failures = await c.ExecuteScalarAsync<int>(new CommandDefinition(db[Failures], args, tx, cancellationToken: ct));
            var block = SignInRules.AddressBlock(failures);
            if (block <= TimeSpan.Zero) return (DateTimeOffset?)null;
            await c.ExecuteAsync(new CommandDefinition(db[Block], new { address, until = Instants.Ms(now + block) }, tx, cancellationToken: ct));
            return now + block;
        }, ct);
    }
}
