namespace Incidents.Tests.Legal;

/// <summary>
/// The law's own examples as data, run on the core (Incidents.Core.Tests/LegalCasesTests) and through the HTTP API on a
/// real host (Incidents.Web.Tests/Handling/LegalCasesApiTests, which links this file). A due instant is the close of
/// the last day: 00:00 (Asia/Ho_Chi_Minh) of the day after it.
/// </summary>
public static class LegalCases
{
    public sealed record Limit(string Why, string Type, DateTimeOffset ReceivedAt, string Deadline, DateTimeOffset Due);

    public static DateTimeOffset At(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.FromHours(7));

    public static readonly IReadOnlyList<Limit> Limits =
    [
        // Law on Complaints Art. 27, 10 calendar days; a last day off moves to the next working day (Civil Code Art. 148).
        new("complaint received Mon 20 Apr 2026: 30 Apr, 1 May and the weekend are off, so Mon 4 May", "complaint", At(2026, 4, 20, 9), "acceptance", At(2026, 5, 5)),
        new("complaint received Thu 16 Apr 2026: Sun 26 Apr (Hùng Kings), Mon 27 Apr compensating, so Tue 28 Apr", "complaint", At(2026, 4, 16, 9), "acceptance", At(2026, 4, 29)),
        new("complaint received Fri 24 Jan 2025: day 10 is Mon 3 Feb, a working day under the 2025 notice", "complaint", At(2025, 1, 24, 9), "acceptance", At(2025, 2, 4)),
        new("complaint received Wed 19 Apr 2023: no limit ends from 29 Apr to 3 May 2023, so Thu 4 May", "complaint", At(2023, 4, 19, 9), "acceptance", At(2023, 5, 5)),
        new("complaint received Mon 30 Nov 2026: Thu 10 Dec", "complaint", At(2026, 11, 30, 9), "acceptance", At(2026, 12, 11)),
        // Law on Denunciations Art. 24, 7 working days: the Tết days off of 2026 (16-20 Feb) are skipped.
        new("denunciation received Mon 9 Feb 2026: 7 working days end on Wed 25 Feb", "denunciation", At(2026, 2, 9, 9), "acceptance", At(2026, 2, 26)),
        // Circular 05/2021, 10 working days: the compensating Mon 27 Apr 2026, 30 Apr and 1 May are skipped.
        new("petition received Mon 20 Apr 2026: 10 working days end on Thu 7 May", "petition", At(2026, 4, 20, 9), "processing", At(2026, 5, 8)),
        // Election Law Art. 33: 5 calendar days.
        new("voter-list complaint received Fri 20 Nov 2026: Wed 25 Nov", "voter-list-complaint", At(2026, 11, 20, 9), "answer", At(2026, 11, 26)),
    ];

    public static TheoryData<string> Whys => [.. Limits.Select(l => l.Why)];

    public static Limit Get(string why) => Limits.Single(l => l.Why == why);
}
