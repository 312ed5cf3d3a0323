using System.Text.Json;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Localities;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Intake;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Cases;

/// <summary>The intake desk: a petition received at the counter, by post, by email or on referral, classified by content.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
[RequestSizeLimit(AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
public sealed class NewModel(CaseIntake intake, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time, UiText t,
    Triage.CaseMerging merging) : PageModel
{
    public const string Mixed = "mixed";
    /// <summary>The contents a petition is classified into (Circular 05/2021): each its own workflow.</summary>
    public static readonly string[] Contents = ["complaint", "denunciation", "petition"];

    public sealed class IntakeForm
    {
        public string? Classification { get; set; }
        public List<string> Contents { get; set; } = [];
        public string? Channel { get; set; } = "counter";
        public string? ReceivedAt { get; set; }
        public string? LocalityCode { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
        public string? IdNumber { get; set; }
        public string? RegisterNumber { get; set; }
        /// <summary>"type:field" -> value.</summary>
        public Dictionary<string, string?> Fields { get; set; } = [];
    }

    [BindProperty] public IntakeForm Form { get; set; } = new();
    [BindProperty] public List<IFormFile> Attachments { get; set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<AdminUnit> Units { get; private set; } = [];
    public IReadOnlyList<WorkflowDefinition> Types { get; private set; } = [];
    public WorkflowCatalog Catalog => catalog;
    public static readonly string[] Channels = ["counter", "post", "email", "referral", "web", "phone"];

    public string[]? ErrorsFor(string field) => Errors.TryGetValue(field, out var e) ? e : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        Units = await units.ListAsync(ct);
        var actor = User.ToActor();
        Types = [.. catalog.Latest.Where(d => d.Team == Roles.Complaints && Visibility.MayTakeIn(actor, d.Team))
            .OrderBy(d => Array.IndexOf(Contents, d.Id) is var i && i < 0 ? 99 : i).ThenBy(d => d.Id)];
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Form.ReceivedAt = Show.InputTime(time.GetUtcNow());
        // No type is chosen for the clerk: a wrong default is taken in silently (issue #12); none is a clear error.
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var errors = new Dictionary<string, string[]>();
        string[] types;
        if (Form.Classification == Mixed)
        {
            types = [.. Form.Contents.Where(c => Contents.Contains(c)).Distinct()];
            if (types.Length < 2) errors["contents"] = [t["Choose at least two contents."]];
        }
        else types = [Form.Classification ?? ""];

        // Read as sent (the request size limit bounds them); the intake checks them, as it checks every field.
        var files = new List<UploadedFile>();
        foreach (var f in Attachments.Where(f => f.Length > 0))
        {
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms, ct);
            files.Add(new UploadedFile(f.FileName, ms.ToArray()));
        }

        var requests = types.Select(type => new IntakeRequest
        {
            Type = type, Title = Form.Title, Description = Form.Description, LocalityCode = Form.LocalityCode, Channel = Form.Channel,
            ReceivedAt = Show.FromInputTime(Form.ReceivedAt),
            Reporter = new ReporterInput(Form.Name, Form.Address, Form.Phone, Form.Email, Form.IdNumber), RegisterNumber = Form.RegisterNumber,
            Inputs = Form.Fields.Where(kv => kv.Key.StartsWith(type + ":", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(kv.Value))
                .ToDictionary(kv => kv.Key[(type.Length + 1)..], kv => JsonSerializer.SerializeToElement(kv.Value!.Trim())),
        }).ToList();

        if (errors.Count == 0)
        {
            var result = await intake.TakeInAsync(requests, files, User.ToActor(), ct: ct);
            if (result.Ok)
            {
                // A repeated letter is still taken in (the clerk decides): the cases it may repeat are named, and the new
                // case's page lists them with the merge form.
                var c = result.Cases[0];
                var offers = (await merging.ForIntakeAsync(Core.Duplicates.DuplicateProbe.Of(c.Reporter, c.Case.LocalityCode, c.Case.Title, c.Case.Description),
                    User.ToActor(), ct)).Where(o => !result.Numbers.Contains(o.Number)).ToList();
                var repeats = offers.Count == 0 ? [] : new[] { t["This letter may repeat a case already taken in:"] + " "
                    + string.Join("; ", offers.Select(o => $"{o.Number} ({o.Words(UiText.Culture)})")) + ". " + t["It was taken in all the same; merge it on its page if it repeats one of these."] };
                TempData["Flash"] = string.Join(" ", result.Warnings.Select(w => $"{w.Number}: {w.Warning.Message.In(UiText.Culture)}")
                    .Prepend(t.F("Created {0}.", string.Join(", ", result.Numbers))).Concat(repeats));
                return Redirect("/cases/" + result.Numbers[0]);
            }
            // The reader's language only: the API's "vi / en" is for clients that may speak either.
            foreach (var (k, v) in IntakeProblems.In(result.Problems, UiText.Culture)) errors.TryAdd(k, v);
        }
        Errors = errors;
        return Page();
    }
}
