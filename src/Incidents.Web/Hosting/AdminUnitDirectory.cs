using Incidents.Storage.Localities;

namespace Incidents.Web.Hosting;

/// <summary>
/// The administrative units held in memory (a few hundred rows), so validating a locality costs no query per intake.
/// Whoever edits units calls Invalidate.
/// </summary>
public sealed class AdminUnitDirectory(AdminUnitStore store)
{
    private volatile Task<Dictionary<string, AdminUnit>>? _units;

    public async Task<Func<string, DateOnly, bool>> ValidatorAsync(CancellationToken ct = default)
    {
        var units = await (_units ??= LoadAsync(ct));
        return (code, date) => units.TryGetValue(code, out var u) && u.ValidOn(date);
    }

    public void Invalidate() => _units = null;

    private async Task<Dictionary<string, AdminUnit>> LoadAsync(CancellationToken ct) =>
        (await store.ListAsync(ct)).ToDictionary(u => u.Code, StringComparer.Ordinal);
}
