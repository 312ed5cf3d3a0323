using Incidents.Storage.Localities;
using Incidents.Storage.Migrations;

namespace Incidents.Storage.Tests;

/// <summary>The old-district mapping (db/seed/hanoi-district-successors.csv) agrees with the units it maps between.</summary>
public sealed class DistrictSuccessorsTests
{
    private static readonly IReadOnlyDictionary<string, AdminUnit> Units = MigrationRunner.SeedUnits().ToDictionary(u => u.Code);
    private static readonly DateOnly LastDayOfDistricts = new(2025, 6, 30);

    [Fact]
    public void Every_district_of_2021_maps_to_wards_that_began_the_day_after_it_ended()
    {
        var districts = Units.Values.Where(u => u.Code.Length == 3).ToList();
        Assert.Equal(30, districts.Count);
        foreach (var d in districts)
        {
            Assert.Equal(LastDayOfDistricts, d.ValidTo);
            var wards = DistrictSuccessors.Of(d.Code);
            Assert.NotEmpty(wards);
            Assert.All(wards, w => Assert.Equal(LastDayOfDistricts.AddDays(1), Units[w].ValidFrom));
        }
        Assert.Equal(districts.Select(d => d.Code).Order(), DistrictSuccessors.Districts.Order());
    }

    [Fact]
    public void Every_ward_of_2025_succeeds_at_least_one_district()
    {
        var successors = DistrictSuccessors.Districts.SelectMany(DistrictSuccessors.Of).ToHashSet();
        var wards = Units.Values.Where(u => u.Code.Length == 5 && u.ValidFrom == LastDayOfDistricts.AddDays(1)).Select(u => u.Code).ToList();
        Assert.Equal(126, wards.Count);
        Assert.All(wards, w => Assert.Contains(w, successors));
    }

    [Fact]
    public void Cau_Giay_district_went_to_Phuong_Cau_Giay_and_its_neighbours()
    {
        var names = DistrictSuccessors.Of("005").Select(c => Units[c].Name).ToList();
        Assert.Contains("Phường Cầu Giấy", names);
        Assert.Contains("Phường Nghĩa Đô", names);
        Assert.Contains("Phường Yên Hòa", names);
        Assert.DoesNotContain("Phường Hoàn Kiếm", names);
        Assert.Empty(DistrictSuccessors.Of("00166")); // a ward has no successors
    }
}
