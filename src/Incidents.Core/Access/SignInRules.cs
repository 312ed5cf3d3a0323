namespace Incidents.Core.Access;

/// <summary>
/// How failed sign-ins slow a guesser. Per account: 5 failures in a row lock it for 15 minutes (its owner signs in again
/// after that; failures during the lock do not extend it). Per client address: the first 10 failures within an hour cost
/// nothing, each one after that blocks the address for twice as long as the one before (1, 2, 4 … minutes, at most an
/// hour). The address is what slows an attacker trying many accounts, and what keeps one from locking the admin for good.
/// </summary>
public static class SignInRules
{
    public const int MaxAccountFailures = 5;
    public static readonly TimeSpan AccountLock = TimeSpan.FromMinutes(15);

    public const int FreeAddressFailures = 10;
    /// <summary>An address with no failure for this long starts again from zero.</summary>
    public static readonly TimeSpan AddressMemory = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestAddressBlock = TimeSpan.FromHours(1);

    /// <summary>How long an address is refused after its <paramref name="failures"/>-th failure in a row (zero: not at all).</summary>
    public static TimeSpan AddressBlock(int failures)
    {
        if (failures <= FreeAddressFailures) return TimeSpan.Zero;
        var doublings = Math.Min(failures - FreeAddressFailures - 1, 10);
        var block = TimeSpan.FromMinutes(1 << doublings);
        return block < LongestAddressBlock ? block : LongestAddressBlock;
    }
}
