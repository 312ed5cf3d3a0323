namespace Incidents.Testing;

/// <summary>The repository checkout the tests run from: the folder above the test binaries that holds Incidents.sln.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    /// <summary>A path under the root (workflows, db/sqlite, src/Incidents.Web, docs/screenshots, ".").</summary>
    public static string Dir(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Incidents.sln")))
                return d.FullName;
        throw new DirectoryNotFoundException("Repository root (with Incidents.sln) not found above " + AppContext.BaseDirectory);
    }
}
