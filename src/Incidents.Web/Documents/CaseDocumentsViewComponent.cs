using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Documents;

/// <summary>The case page's "Văn bản / Documents" panel: each document the case's decisions issued, with what was done with it.</summary>
public sealed class CaseDocumentsViewComponent(CaseDocuments documents) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string number) =>
        View(new CaseDocumentsPanel(number, await documents.OfferedAsync(number, UserClaimsPrincipal.ToActor(), HttpContext.RequestAborted) ?? []));
}

public sealed record CaseDocumentsPanel(string Number, IReadOnlyList<OfferedDocument> Offered);
