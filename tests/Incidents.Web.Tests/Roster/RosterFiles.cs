using System.Text;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Roster;

/// <summary>The 30 districts of Hà Nội in force in 2021, read from the seed the host loads, and officials to post to them.</summary>
public static class RosterFiles
{
    public sealed record District(string Code, string Name);

    public static IReadOnlyList<District> Districts2021()
    {
        var lines = File.ReadAllLines(Repo.Dir("db/seed/hanoi-units.csv")).Skip(1).Select(l => l.Split(','));
        // Districts (quận, huyện, thị xã) that ended with the 2025 reform: the units of 2021.
        return [.. lines.Where(f => f.Length >= 6 && f[3] == "01" && f[5] == "2025-06-30").Select(f => new District(f[0], f[1]))];
    }

    /// <summary>One official per district, login can-bo-NN, email can-bo-NN@ubnd.test, in the complaints team.</summary>
    public static async Task<IReadOnlyList<UserAccount>> OfficialsAsync(IServiceProvider services, int count)
    {
        var users = services.GetRequiredService<UserStore>();
        var list = new List<UserAccount>();
        for (var i = 1; i <= count; i++)
        {
            var login = $"can-bo-{i:D2}";
            var id = (await users.CreateAsync(new NewUser(login, $"Cán bộ trực số {i}", $"{login}@ubnd.test", Passwords.Hash("duty-password-1"), ["complaints"])))!.Value;
            list.Add((await users.FindByIdAsync(id))!);
        }
        return list;
    }

    public static string Phone(int i) => $"0912 000 {i:D3}";

    /// <summary>A CSV roster with Vietnamese headers, one row per district (row 2 is the first district), 22–24 May 2021.</summary>
    public static string Csv(IReadOnlyList<District> districts, IReadOnlyList<UserAccount> officials, bool byName = false)
    {
        var sb = new StringBuilder("STT;Tên đăng nhập;Họ tên;Địa bàn;Từ ngày;Đến ngày;Điện thoại\n");
        for (var i = 0; i < districts.Count; i++)
            sb.Append($"{i + 1};{officials[i].Login};{officials[i].DisplayName};{(byName ? districts[i].Name : districts[i].Code)};22/05/2021;24/05/2021;{Phone(i + 1)}\n");
        return sb.ToString();
    }
}
