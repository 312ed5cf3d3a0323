using Incidents.Core.Access;

namespace Incidents.Web.Access;

/// <summary>Incidents:Access. IdentityCustodians: who may reveal a denouncer's identity (see Core's IdentityCustodians).</summary>
public sealed class AccessOptions
{
    public const string Section = "Incidents:Access";

    /// <summary>Unset: leadership and the assigned handler. Null by default because binding appends to a list's items.</summary>
    public List<string>? IdentityCustodians { get; set; }

    public IdentityCustodians Custodians => IdentityCustodians is null
        ? Core.Access.IdentityCustodians.Default
        : Core.Access.IdentityCustodians.Parse(IdentityCustodians) ?? Core.Access.IdentityCustodians.Default;

    public IReadOnlyList<string> Problems() =>
        IdentityCustodians is not null && Core.Access.IdentityCustodians.Parse(IdentityCustodians) is null
            ? [$"{Section}:{nameof(IdentityCustodians)} must name one or more of {string.Join(", ", Core.Access.IdentityCustodians.Names)}, not '{string.Join(", ", IdentityCustodians)}'."]
            : [];
}
