using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Incidents.Web.Access;

/// <summary>Passwords use ASP.NET Core's PasswordHasher (PBKDF2); tokens do not (see ApiTokenStore).</summary>
public static class Passwords
{
    private sealed class Account;
    private static readonly PasswordHasher<Account> Hasher = new();
    private static readonly Account Nobody = new();

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Nobody, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>A random 20-character password from an unambiguous alphabet.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 20));
    }
}
