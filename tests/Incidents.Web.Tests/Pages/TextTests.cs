using System.Text.RegularExpressions;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Tests.Pages;

/// <summary>Every literal the pages pass to T[...] or T.F(...) has a Vietnamese entry (Vietnamese is the default language).</summary>
public sealed class TextTests
{
    [Fact]
    public void Every_page_text_has_a_Vietnamese_translation()
    {
        var root = Repo.Dir("src/Incidents.Web");
        var files = Directory.GetFiles(Path.Combine(root, "Pages"), "*.cs*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "Ui"), "*.cs", SearchOption.AllDirectories));
        var pattern = new Regex(@"\b[Tt](?:\.F\(|\[)""((?:[^""\\]|\\.)+)""");
        var used = files.SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\""))).ToHashSet();
        Assert.True(used.Count > 150, $"found only {used.Count} texts; is the pattern still right?");
        var missing = used.Where(k => !UiText.Vietnamese.ContainsKey(k)).OrderBy(k => k).ToList();
        Assert.True(missing.Count == 0, "no Vietnamese for: " + string.Join(" | ", missing));
    }

    // The catalogue is an indexer initializer, so a repeated key silently keeps the last text (a worked Saturday once
    // read "ngày làm việc" on the holidays page).
    [Fact]
    public void No_text_is_catalogued_twice()
    {
        var source = File.ReadAllText(Repo.Dir("src/Incidents.Web/Ui/Localization/UiText.cs"));
        var keys = new Regex(@"^\s*\[""((?:[^""\\]|\\.)+)""\]\s*=", RegexOptions.Multiline).Matches(source).Select(m => m.Groups[1].Value).ToList();
        Assert.True(keys.Count > 150, $"found only {keys.Count} keys; is the pattern still right?");
        var twice = keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "catalogued twice: " + string.Join(" | ", twice));
    }
}
