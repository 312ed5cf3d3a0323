using System.Net;
using Incidents.Core.Access;
using Incidents.Web.Documents;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Documents;

/// <summary>The administrator's view of the templates: what is in force, and what is wrong with the folder after an edit.</summary>
public sealed class TemplatesPageTests : IAsyncLifetime
{
    private readonly SqliteFile _dir = new("templates-page");
    private IncidentsApp _app = null!;
    private string Folder => Path.Combine(_dir.Dir, "documents");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows/documents"))) File.Copy(f, Path.Combine(Folder, Path.GetFileName(f)));
        _app = new IncidentsApp { Settings = { ["Incidents:Documents:Directory"] = Folder } };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_broken_edit_is_shown_by_file_and_line_and_the_templates_in_force_stay()
    {
        await CreateUserAsync(_app, "quantri", "Quản trị", Roles.Admin);
        var c = await SignedInAsync(_app, "quantri");
        var page = await c.GetStringAsync("/admin/documents");
        Assert.Contains(Folder, page);
        Assert.Contains("denunciation-acceptance.vi.txt", page);
        Assert.Contains("{citizen.name}", page); // the placeholders, with what each means
        Assert.DoesNotContain("template-problems", page);

        var path = Path.Combine(Folder, "refusal.vi.txt");
        var lines = File.ReadAllLines(path).ToList();
        var line = lines.IndexOf("---") + 2;
        lines.Insert(line - 1, "Kính báo {ho.ten}.");
        File.WriteAllLines(path, lines);
        var reload = await c.PostAsync("/admin/documents?handler=Reload", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = Token(page) }));
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);

        page = WebUtility.HtmlDecode(await c.GetStringAsync("/admin/documents"));
        Assert.Contains("template-problems", page);
        Assert.Contains($"refusal.vi.txt:{line}</code> unknown placeholder {{ho.ten}}", page);
        var library = _app.Services.GetRequiredService<DocumentLibrary>();
        Assert.True(library.Current.IsValid);
        Assert.NotNull(library.Current.Get("refusal", "vi"));

        File.WriteAllLines(path, lines.Where(l => !l.Contains("{ho.ten}", StringComparison.Ordinal)).Select(l => l.Replace("THÔNG BÁO", "THÔNG BÁO MỚI")));
        await c.PostAsync("/admin/documents?handler=Reload", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = Token(page) }));
        Assert.Equal("THÔNG BÁO MỚI", library.Current.Get("refusal", "vi")!.Title);
        Assert.DoesNotContain("template-problems", await c.GetStringAsync("/admin/documents"));
    }
}
