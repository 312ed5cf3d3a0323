using System.Text;

namespace Incidents.Benchmarks.Generation;

/// <summary>
/// Vietnamese personal names in family-middle-given order, with family names weighted roughly by their share of the
/// population (Nguyễn about 38%), so indexes and sorts see the skew real data has.
/// </summary>
public static class VietnameseNames
{
    private static readonly (string Name, int Weight)[] Family =
    [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 35), ("Huỳnh", 16), ("Phan", 45),
        ("Vũ", 25), ("Võ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
        ("Lý", 5), ("Đinh", 6), ("Trịnh", 5), ("Đào", 4), ("Lương", 3),
    ];

    private static readonly string[] MaleMiddle = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Tiến", "Mạnh", "Trọng"];
    private static readonly string[] FemaleMiddle = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thùy", "Diệu", "Bích", "Khánh"];
    private static readonly string[] MaleGiven =
    [
        "Anh", "Hùng", "Dũng", "Tuấn", "Long", "Hải", "Nam", "Sơn", "Thắng", "Cường", "Quân", "Phúc", "Khoa", "Huy",
        "Đạt", "Trung", "Hiếu", "Việt", "Bình", "Tùng", "Khánh", "Lộc", "Thịnh", "Đông", "Toàn", "Quyết", "Nghĩa", "Hưng",
    ];
    private static readonly string[] FemaleGiven =
    [
        "Hương", "Lan", "Linh", "Trang", "Hà", "Mai", "Thảo", "Ngọc", "Hạnh", "Huyền", "Nhung", "Yến", "Phượng", "Thủy",
        "Hằng", "Loan", "Dung", "Vân", "Oanh", "Giang", "Nga", "Hoa", "Quỳnh", "Nhàn", "Tuyết", "Diệp", "Uyên", "Ánh",
    ];
    private static readonly string[] Streets =
    [
        "phố Huế", "phố Kim Mã", "đường Láng", "phố Bạch Mai", "đường Giải Phóng", "phố Đội Cấn", "đường Nguyễn Trãi",
        "phố Hàng Bạc", "đường Trường Chinh", "phố Tôn Đức Thắng", "đường Phạm Văn Đồng", "phố Lạc Long Quân",
        "đường Hồ Tùng Mậu", "phố Chùa Bộc", "đường Âu Cơ", "phố Thái Hà", "đường Xuân Thủy", "phố Quang Trung",
    ];

    private static readonly int FamilyTotal = Family.Sum(f => f.Weight);

    public static string Person(Random rng)
    {
        var female = rng.Next(2) == 0;
        var family = PickFamily(rng);
        var middle = (female ? FemaleMiddle : MaleMiddle)[rng.Next(12)];
        var given = female ? FemaleGiven[rng.Next(FemaleGiven.Length)] : MaleGiven[rng.Next(MaleGiven.Length)];
        return N($"{family} {middle} {given}");
    }

    public static string FamilyName(Random rng) => PickFamily(rng);

    public static string Address(Random rng, AdminUnit unit) =>
        N($"Số {rng.Next(1, 300)} ngõ {rng.Next(1, 200)} {Streets[rng.Next(Streets.Length)]}, {unit.Name}, Hà Nội");

    public static string Phone(Random rng) =>
        $"0{(new[] { "912", "983", "903", "388", "868", "979", "345", "705" })[rng.Next(8)]}{rng.Next(0, 1_000_000):D6}";

    /// <summary>An ASCII mailbox from a name, the way people actually make them (diacritics dropped).</summary>
    public static string Email(string name, Random rng)
    {
        var ascii = Ascii(name).ToLowerInvariant().Split(' ');
        return $"{ascii[^1]}.{ascii[0]}{rng.Next(1, 9999)}@{(new[] { "gmail.com", "yahoo.com.vn", "hanoi.gov.vn", "outlook.com" })[rng.Next(4)]}";
    }

    public static string Ascii(string s)
    {
        var d = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return sb.ToString();
    }

    private static string PickFamily(Random rng)
    {
        var x = rng.Next(FamilyTotal);
        foreach (var (name, w) in Family)
        {
            if (x < w) return name;
            x -= w;
        }
        return Family[0].Name;
    }

    private static string N(string s) => s.Normalize(NormalizationForm.FormC);
}
