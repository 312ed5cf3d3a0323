using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Roster;
using Incidents.Storage.Access;
using Incidents.Storage.Localities;
using Incidents.Storage.Roster;

namespace Incidents.Web.Roster;

/// <summary>A posting as typed on the page or sent to the API: the user by login (or email), the locality by code or name.</summary>
public sealed record PostingInput(string? Login, string? Email, string? Locality, string? From, string? To, string? Phone, string? Name = null);

/// <summary>Done: the postings stored (ids in order). Otherwise the problems by field, and nothing stored.</summary>
public sealed record RosterResult(IReadOnlyList<long> Ids, IReadOnlyList<RosterProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// The duty roster's one path for the page and the API (issue #13): a posting names an active user, a locality that was
/// in force on both its dates (a 2021 posting names a 2021 district; a ward created in 2025 is refused), a date range
/// and a Vietnamese phone number. An imported file is checked whole and stored in one transaction, or not at all.
/// </summary>
public sealed class DutyRoster(DutyRosterStore store, UserStore users, AdminUnitStore units, TimeProvider time)
{
    public DateOnly Today => BusinessCalendar.LocalDate(time.GetUtcNow());

    public async Task<RosterResult> AddAsync(PostingInput input, Actor actor, CancellationToken ct = default)
    {
        var context = await ContextAsync(ct);
        var problems = new List<RosterProblem>();
        var posting = Check(input, context, problems, f => f, null);
        if (posting is null) return new([], problems);
        return new(await store.AddAsync([posting], actor.Login, ct), []);
    }

    public async Task<RosterResult> ImportAsync(Stream content, string fileName, Actor actor, CancellationToken ct = default)
    {
        var sheet = RosterFile.Read(content, fileName);
        if (sheet.Problems.Count > 0) return new([], sheet.Problems);
        var context = await ContextAsync(ct);
        var problems = new List<RosterProblem>();
        var postings = new List<NewPosting>();
        foreach (var row in sheet.Rows)
        {
            var input = new PostingInput(row[RosterColumn.Login], row[RosterColumn.Email], row[RosterColumn.Locality], row[RosterColumn.From],
                row[RosterColumn.To], row[RosterColumn.Phone], row[RosterColumn.Name]);
            if (Check(input, context, problems, f => $"rows[{row.Row}].{f}", (row.Row, sheet.Where)) is { } p) postings.Add(p);
        }
        if (problems.Count > 0) return new([], problems);
        return new(await store.AddAsync(postings, actor.Login, ct), []);
    }

    public Task<bool> RevokeAsync(long id, Actor actor, CancellationToken ct = default) => store.RevokeAsync(id, actor.Login, ct);

    /// <summary>Postings that end today or later, by start date.</summary>
    public Task<IReadOnlyList<DutyPosting>> CurrentAsync(CancellationToken ct = default) => store.CurrentAsync(Today, ct);

    private sealed record Context(IReadOnlyList<UserAccount> Users, IReadOnlyList<AdminUnit> Units);

    private async Task<Context> ContextAsync(CancellationToken ct) => new(await users.ListAsync(ct), await units.ListAsync(ct));

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy"];

    /// <summary>The posting, or null with the row's problems added (field names through <paramref name="name"/>).</summary>
    private static NewPosting? Check(PostingInput input, Context context, List<RosterProblem> problems, Func<string, string> name,
        (int Row, IReadOnlyDictionary<RosterColumn, string> Where)? at)
    {
        var before = problems.Count;
        void Add(string field, RosterColumn column, string vi, string en)
        {
            if (at is { } a)
            {
                var col = a.Where.TryGetValue(column, out var w) ? w : column.ToString();
                (vi, en) = ($"Dòng {a.Row}, cột {col}: {vi}", $"Row {a.Row}, column {col}: {en}");
            }
            problems.Add(new RosterProblem(name(field), vi, en));
        }
        foreach (var (field, column, value) in new[] { ("login", RosterColumn.Login, input.Login), ("email", RosterColumn.Email, input.Email),
            ("locality", RosterColumn.Locality, input.Locality), ("phone", RosterColumn.Phone, input.Phone), ("name", RosterColumn.Name, input.Name) })
            if (PlainText.Check(value) is { } fault)
            {
                var words = PlainText.Words(fault.Code, fault.Point);
                Add(field, column, words.Vi, words.En);
            }
        if (problems.Count > before) return null;

        UserAccount? user = null;
        var login = CaseText.Clean(input.Login);
        var email = CaseText.Clean(input.Email);
        if (login is not null)
        {
            user = context.Users.FirstOrDefault(u => string.Equals(u.Login, login, StringComparison.OrdinalIgnoreCase));
            if (user is null) Add("login", RosterColumn.Login, $"không có người dùng '{login}'", $"there is no user '{login}'");
        }
        else if (email is not null)
        {
            user = context.Users.FirstOrDefault(u => string.Equals(u.Email?.Trim(), email, StringComparison.OrdinalIgnoreCase));
            if (user is null) Add("email", RosterColumn.Email, $"không có người dùng có email {email}", $"there is no user with the email {email}");
        }
        else Add("login", RosterColumn.Login, "bắt buộc nhập (tên đăng nhập hoặc email)", "is required (a login or an email)");
        if (user is { IsActive: false })
        {
            Add(login is not null ? "login" : "email", login is not null ? RosterColumn.Login : RosterColumn.Email,
                $"tài khoản {user.Login} đã bị vô hiệu hóa", $"the account {user.Login} is disabled");
            user = null;
        }

        var from = Date(input.From);
        var to = Date(input.To);
        if (from is null) Add("from", RosterColumn.From, "bắt buộc nhập, là ngày (yyyy-MM-dd hoặc dd/MM/yyyy)", "is required, a date (yyyy-MM-dd or dd/MM/yyyy)");
        if (to is null) Add("to", RosterColumn.To, "bắt buộc nhập, là ngày (yyyy-MM-dd hoặc dd/MM/yyyy)", "is required, a date (yyyy-MM-dd or dd/MM/yyyy)");
        if (from is { } f0 && to is { } t0 && t0 < f0)
            Add("to", RosterColumn.To, "không được trước ngày bắt đầu", "must not be before the start date");

        var phone = DutyPhone.Normalize(input.Phone);
        if (phone is null)
            Add("phone", RosterColumn.Phone, "bắt buộc nhập, là số điện thoại Việt Nam (10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84)",
                "is required, a Vietnamese phone number (10 or 11 digits, starting with 0 or +84)");

        var unit = Unit(input.Locality, from, to, context, (vi, en) => Add("locality", RosterColumn.Locality, vi, en));
        if (problems.Count > before || user is null || unit is null) return null;
        return new NewPosting(user.Id, unit.Code, from!.Value, to!.Value, phone!);
    }

    /// <summary>The unit by code, or by name among the units in force on both dates; it must be in force on both.</summary>
    private static AdminUnit? Unit(string? raw, DateOnly? from, DateOnly? to, Context context, Action<string, string> add)
    {
        var text = CaseText.Clean(raw);
        if (text is null) { add("bắt buộc nhập (mã hoặc tên đơn vị hành chính)", "is required (an administrative unit's code or name)"); return null; }
        var unit = context.Units.FirstOrDefault(u => u.Code == text);
        if (unit is null)
        {
            var folded = CaseText.Fold(text);
            var named = context.Units.Where(u => CaseText.Fold(u.Name) == folded || CaseText.Fold(u.Name) == $"{CaseText.Fold(u.Kind)} {folded}").ToList();
            if (from is { } f1 && to is { } t1 && named.Count > 1) named = [.. named.Where(u => u.ValidOn(f1) && u.ValidOn(t1))];
            if (named.Count == 1) unit = named[0];
            else if (named.Count > 1) { add($"'{text}' chỉ nhiều đơn vị; hãy ghi mã", $"'{text}' names several units; give the code"); return null; }
            else { add($"không có đơn vị hành chính '{text}'", $"there is no administrative unit '{text}'"); return null; }
        }
        if (from is { } f && to is { } t && !(unit.ValidOn(f) && unit.ValidOn(t)))
        {
            var (vi, en) = Validity(unit);
            add($"{unit.Name} ({unit.Code}) không có hiệu lực trong thời gian {Show(f)}–{Show(t)} ({vi})",
                $"{unit.Name} ({unit.Code}) was not in force from {Show(f)} to {Show(t)} ({en})");
            return null;
        }
        return unit;
    }

    private static (string Vi, string En) Validity(AdminUnit u) => (u.ValidFrom, u.ValidTo) switch
    {
        ({ } f, { } t) => ($"hiệu lực {Show(f)}–{Show(t)}", $"in force {Show(f)} to {Show(t)}"),
        ({ } f, null) => ($"hiệu lực từ {Show(f)}", $"in force from {Show(f)}"),
        (null, { } t) => ($"hiệu lực đến {Show(t)}", $"in force until {Show(t)}"),
        _ => ("", ""),
    };

    private static string Show(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    internal static DateOnly? Date(string? s) =>
        DateOnly.TryParseExact(s?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
