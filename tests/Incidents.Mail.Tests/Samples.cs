using Incidents.Mail.Escalation;
using Incidents.Testing.Smtp;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Mail.Tests;

internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero); // 10:00 in Hanoi

    public static FakeTimeProvider Clock() => new(T0);

    public static MailOptions Smtp(AiosmtpdServer server, params string[] admins) => new()
    {
        Host = server.Host,
        Port = server.Port,
        Security = SmtpSecurity.None,
        From = "canhbao@ubnd.test",
        FromName = "Hệ thống Incidents",
        MessageIdDomain = "test.incidents",
        AdminAddresses = admins.ToList(),
        MaxAttempts = 5,
        BaseUrl = "https://incidents.test/",
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static EscalationNotice Breach(string number = "KN-2026-000001") => new(
        CaseNumber: number,
        TypeName: "Khiếu nại lần đầu",
        LocalityName: "Phường Hoàn Kiếm",
        StateName: "Đang giải quyết",
        DeadlineName: "Thời hạn giải quyết",
        LegalBasis: "Luật Khiếu nại 2011, Điều 28",
        DueAt: T0 - TimeSpan.FromMinutes(135),
        Kind: NoticeKind.Breach);
}
