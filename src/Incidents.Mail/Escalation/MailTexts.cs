namespace Incidents.Mail.Escalation;

/// <summary>The words of the messages, one set per culture.</summary>
internal sealed record MailTexts(
    string Case, string Type, string Locality, string State, string Deadline, string Due, string Status, string LegalBasis,
    string OpenCase, string Footer,
    string WarningIntro, string BreachIntro, string EscalationIntro,
    string WarningSubject, string BreachSubject, string EscalationSubject,
    string Day, string Hour, string Minute, string UnderAMinute, string OverdueFormat, string LeftFormat,
    string LocalTimeFormat, string ZoneLabel,
    string DigestSubject, string DigestIntro, string DigestSince, string DigestOverdue, string DigestDueSoon,
    string DigestEscalations, string DigestNone, string WarningWord, string BreachWord, string EscalationWord,
    string DeadSubject, string DeadIntro, string Recipients, string Subject, string Attempts, string LastError,
    string MessageId, string OpenOutbox, string UnroutedSubject, string UnroutedIntro, string Step)
{
    public static readonly MailTexts Vi = new(
        Case: "Hồ sơ", Type: "Loại", Locality: "Địa bàn", State: "Trạng thái", Deadline: "Thời hạn", Due: "Hạn",
        Status: "Tình trạng", LegalBasis: "Căn cứ pháp lý", OpenCase: "Xem hồ sơ",
        Footer: "Thư này được gửi tự động từ hệ thống Incidents. Vui lòng không trả lời thư này.",
        WarningIntro: "Hồ sơ sắp đến hạn xử lý.",
        BreachIntro: "Hồ sơ đã quá thời hạn xử lý.",
        EscalationIntro: "Hồ sơ quá hạn được chuyển lên cấp {0}.",
        WarningSubject: "[{0}] Sắp đến hạn: {1} ({2})",
        BreachSubject: "[{0}] Quá hạn: {1} ({2})",
        EscalationSubject: "[{0}] Chuyển cấp {3}: {1} ({2})",
        Day: "ngày", Hour: "giờ", Minute: "phút", UnderAMinute: "dưới 1 phút",
        OverdueFormat: "quá hạn {0}", LeftFormat: "còn {0}",
        LocalTimeFormat: "HH:mm 'ngày' dd/MM/yyyy", ZoneLabel: "giờ Việt Nam",
        DigestSubject: "Báo cáo hằng ngày {0}: {1} hồ sơ quá hạn, {2} hồ sơ đến hạn trong 24 giờ",
        DigestIntro: "Tình hình thời hạn xử lý hồ sơ lúc {0}.",
        DigestSince: "Chuyển cấp kể từ {0}",
        DigestOverdue: "Hồ sơ quá hạn", DigestDueSoon: "Hồ sơ đến hạn trong 24 giờ", DigestEscalations: "Chuyển cấp",
        DigestNone: "Không có.",
        WarningWord: "cảnh báo", BreachWord: "quá hạn", EscalationWord: "chuyển cấp {0}",
        DeadSubject: "[Incidents] Không gửi được thư sau {0} lần: {1}",
        DeadIntro: "Một thư không gửi được và đã dừng gửi lại. Quản trị viên có thể gửi lại từ trang hộp thư đi.",
        Recipients: "Người nhận", Subject: "Tiêu đề", Attempts: "Số lần gửi", LastError: "Lỗi gần nhất",
        MessageId: "Message-Id", OpenOutbox: "Xem trong hộp thư đi",
        UnroutedSubject: "[Incidents] Không có người nhận cho cảnh báo hồ sơ {0}: {1}",
        UnroutedIntro: "Một bước cảnh báo thời hạn đến hạn nhưng không có người nhận nào (không có địa chỉ thư cho các vai trò đã khai báo). Hãy giao hồ sơ hoặc bổ sung địa chỉ thư cho người dùng.",
        Step: "Bước");

    public static readonly MailTexts En = new(
        Case: "Case", Type: "Type", Locality: "Locality", State: "State", Deadline: "Deadline", Due: "Due",
        Status: "Status", LegalBasis: "Legal basis", OpenCase: "Open the case",
        Footer: "This message was sent automatically by Incidents. Please do not reply.",
        WarningIntro: "A case deadline is approaching.",
        BreachIntro: "A case is past its deadline.",
        EscalationIntro: "An overdue case is escalated to level {0}.",
        WarningSubject: "[{0}] Due soon: {1} ({2})",
        BreachSubject: "[{0}] Overdue: {1} ({2})",
        EscalationSubject: "[{0}] Escalation level {3}: {1} ({2})",
        Day: "d", Hour: "h", Minute: "min", UnderAMinute: "under 1 min",
        OverdueFormat: "{0} overdue", LeftFormat: "{0} left",
        LocalTimeFormat: "yyyy-MM-dd HH:mm", ZoneLabel: "Vietnam time",
        DigestSubject: "Daily digest {0}: {1} overdue, {2} due within 24 h",
        DigestIntro: "Case deadlines as of {0}.",
        DigestSince: "Escalations since {0}",
        DigestOverdue: "Overdue cases", DigestDueSoon: "Due within 24 h", DigestEscalations: "Escalations",
        DigestNone: "None.",
        WarningWord: "warning", BreachWord: "breach", EscalationWord: "escalation level {0}",
        DeadSubject: "[Incidents] Message undeliverable after {0} attempts: {1}",
        DeadIntro: "A message could not be delivered and is no longer retried. An administrator can retry it from the outbox page.",
        Recipients: "Recipients", Subject: "Subject", Attempts: "Attempts", LastError: "Last error",
        MessageId: "Message-Id", OpenOutbox: "Open in the outbox",
        UnroutedSubject: "[Incidents] No recipient for the case {0} notice: {1}",
        UnroutedIntro: "A deadline step fell due but has no recipient (no email address for the roles it names). Assign the case or give the users an email address.",
        Step: "Step");

    public static MailTexts For(MailCulture culture) => culture == MailCulture.En ? En : Vi;
}
