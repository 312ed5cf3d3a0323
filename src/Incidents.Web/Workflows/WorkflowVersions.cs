using Incidents.Core.Workflows;
using Incidents.Storage.Migrations;
using Incidents.Storage.Workflows;

namespace Incidents.Web.Workflows;

/// <summary>The catalog the host runs on (files plus archived versions) and the version problems that refuse start-up.</summary>
public sealed record PinnedCatalog(WorkflowCatalog Catalog, IReadOnlyList<WorkflowError> Errors, IReadOnlyList<string> Archived);

/// <summary>
/// Versioning with pinning. Each definition on disk is recorded in workflow_versions as (id, version, content hash, json);
/// a file whose JSON (ignoring whitespace) differs from the recorded text of the same version is an error that refuses
/// start-up ("changed without a new version"), so a running case never silently changes rules (Elsa #6620). Versions that
/// are no longer on disk are loaded back from the table, so open cases finish on the version they started with; new
/// cases take the latest version on disk (a type with no file left takes none). Loaded once per host by the explicit
/// start-up step (StartupPreparation.StartingAsync calls LoadAsync); resolving a service never reads the database: the
/// WorkflowCatalog singleton and the long-lived services that read Catalog when they act throw until it is loaded.
/// </summary>
public sealed class WorkflowVersions(WorkflowSet set, MigrationRunner migrations, WorkflowVersionStore store, ILogger<WorkflowVersions> log,
    Storage.DatabaseOptions database)
{
    private volatile PinnedCatalog? _loaded;

    /// <summary>Syncs the definitions with workflow_versions and keeps the result; the start-up step calls it before anything is served.</summary>
    public async Task<PinnedCatalog> LoadAsync(CancellationToken ct = default)
    {
        var result = await SyncAsync(set, migrations, store, log, ct, migrate: database.MigrateOnStart);
        if (result.Errors.Count == 0) _loaded = result;
        return result;
    }

    /// <summary>The catalog the host runs on; read it when acting, not in a constructor that runs before start-up.</summary>
    public WorkflowCatalog Catalog => _loaded?.Catalog
        ?? throw new InvalidOperationException("The workflow catalog is not loaded yet: StartupPreparation loads it before the host serves.");

    public static async Task<PinnedCatalog> SyncAsync(WorkflowSet set, MigrationRunner migrations, WorkflowVersionStore store,
        ILogger? log = null, CancellationToken ct = default, bool migrate = true)
    {
        if (!set.IsValid) return new(set.Catalog, [], []);
        if (migrate) await migrations.MigrateAsync(ct);
        else await Hosting.StartupPreparation.RefuseWhilePendingAsync(migrations, ct);
        var stored = (await store.ListAsync(ct)).ToDictionary(r => (r.Id, r.Version));
        var errors = new List<WorkflowError>();
        var onDisk = set.Catalog.All.ToList();
        foreach (var def in onDisk)
        {
            if (!stored.TryGetValue((def.Id, def.Version), out var row)) continue;
            if (WorkflowLoader.ContentHash(row.Json) != def.ContentHash)
                errors.Add(new WorkflowError(def.SourcePath, "$.version",
                    $"'{def.Id}' version {def.Version} changed without a new version: its JSON differs from the text recorded for that " +
                    $"version on {row.LoadedAt:yyyy-MM-dd}. Give the changed definition version {def.Version + 1} (open cases stay on {def.Version})."));
        }
        if (errors.Count > 0) return new(set.Catalog, errors, []);

        var bySource = set.Sources.ToDictionary(s => s.Path);
        foreach (var def in onDisk.Where(d => !stored.ContainsKey((d.Id, d.Version))))
            await store.RecordAsync(def.Id, def.Version, bySource[def.SourcePath].Json, def.ContentHash, ct);

        var archived = new List<WorkflowDefinition>();
        foreach (var row in stored.Values.Where(r => set.Catalog.Get(r.Id, r.Version) is null))
        {
            var source = $"workflow_versions({row.Id}, {row.Version})";
            var loaded = WorkflowLoader.Load([new WorkflowSource(source, row.Json)]);
            if (!loaded.IsValid)
            {
                // Not fatal: cases on it keep their data and can be acted on once it is fixed; say so loudly.
                log?.LogError("Archived workflow {Id} v{Version} no longer validates: {Errors}", row.Id, row.Version,
                    string.Join("; ", loaded.Errors));
                continue;
            }
            archived.AddRange(loaded.Catalog.All);
        }
        if (archived.Count > 0)
            log?.LogInformation("Loaded archived workflow versions {Versions}", string.Join(", ", archived.Select(d => $"{d.Id} v{d.Version}")));
        // Archived versions serve only their pinned cases: new cases start on the folder's latest, never on a database-only version.
        return new(new WorkflowCatalog(onDisk, archived), [], [.. archived.Select(d => $"{d.Id}@{d.Version}")]);
    }
}
