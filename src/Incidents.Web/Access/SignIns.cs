using System.Net;
using System.Net.Sockets;
using Incidents.Core.Access;
using Incidents.Storage.Access;

namespace Incidents.Web.Access;

/// <summary>How a sign-in attempt ended. Refused covers an unknown login, a wrong password, a locked account and a blocked
/// address alike, so the answer never tells which logins exist. Disabled is said only to whoever gave the right password.</summary>
public enum SignInOutcome { SignedIn, Refused, Disabled }

/// <summary>
/// Checking a login and password: the per-address block first, then the account (SignInRules). The hasher runs on every
/// attempt, an unknown login included, so each refusal costs about the same time. A lock is logged (warning) and written
/// to the account's history with the address.
/// </summary>
public sealed class SignIns(UserStore users, SignInThrottleStore throttle, TimeProvider time, ILogger<SignIns> log)
{
    // Verified for unknown logins and blocked addresses, so they cost what a wrong password costs.
    private static readonly string DummyHash = Passwords.Hash("not-a-password-" + Guid.NewGuid());

    public async Task<(SignInOutcome Outcome, UserAccount? User)> TryAsync(string? login, string? password, string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        password ??= "";
        if (await throttle.BlockedUntilAsync(address, now, ct) is { } blocked)
        {
            Passwords.Verify(DummyHash, password);
            log.LogInformation("Sign-in from {Address} refused unchecked: the address is blocked until {BlockedUntil}", address, blocked);
            return (SignInOutcome.Refused, null);
        }
        var user = string.IsNullOrWhiteSpace(login) ? null : await users.FindByLoginAsync(login.Trim(), ct);
        var right = Passwords.Verify(user?.PasswordHash ?? DummyHash, password) && user?.PasswordHash is not null;
        if (user is null || !right)
        {
            if (user is not null && await users.RecordFailedLoginAsync(user.Id, SignInRules.MaxAccountFailures, now, SignInRules.AccountLock, address, ct))
                log.LogWarning("Account {Login} locked until {LockedUntil} after {Failures} failed sign-ins; the last from {Address}",
                    user.Login, now + SignInRules.AccountLock, SignInRules.MaxAccountFailures, address);
            if (await throttle.RecordFailureAsync(address, now, ct) is { } until)
                log.LogWarning("Sign-ins from {Address} blocked until {BlockedUntil} after repeated failures", address, until);
            return (SignInOutcome.Refused, null);
        }
        // The right password during a lock: refused all the same (the lock ends on its own), and not counted against the address.
        if (user.LockedUntil is { } lockedUntil && lockedUntil > now) return (SignInOutcome.Refused, null);
        if (!user.IsActive) return (SignInOutcome.Disabled, null);
        await users.RecordGoodLoginAsync(user.Id, ct);
        return (SignInOutcome.SignedIn, user);
    }

    /// <summary>
    /// The client's address as the throttle counts it (after the forwarded headers, when a proxy is configured). IPv6 by
    /// its /64, which one subscriber usually holds whole: counting single addresses there would let them rotate freely.
    /// </summary>
    public static string ClientAddress(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null) return "unknown";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(ip)) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
