using Incidents.Core.Workflows;

namespace Incidents.Core.Documents;

/// <summary>
/// The fixed set of {placeholders} a template may use; any other name refuses the template (file and line). The
/// reporter's own (citizen.*) are allowed only in templates of documents addressed to the reporter.
/// </summary>
public static class Placeholders
{
    public static readonly IReadOnlyDictionary<string, LocalizedText> All = new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
    {
        ["body"] = new("Cơ quan ban hành (Incidents:Documents:Body)", "Issuing body (Incidents:Documents:Body)"),
        ["place"] = new("Địa danh (Incidents:Documents:Place)", "Place (Incidents:Documents:Place)"),
        ["date"] = new("Ngày ban hành văn bản, bằng chữ", "The document's date, in words"),
        ["case.number"] = new("Số hồ sơ", "Case number"),
        ["case.title"] = new("Tiêu đề (nội dung) đơn", "The case's title"),
        ["case.type"] = new("Loại đơn", "Case type"),
        ["case.locality"] = new("Địa bàn", "Locality"),
        ["case.received"] = new("Ngày nhận đơn, bằng chữ", "Day the letter was received, in words"),
        ["case.due"] = new("Hạn giải quyết đang chạy, bằng chữ (trống nếu không có)", "The running deadline, in words (empty if none)"),
        ["citizen.name"] = new("Họ tên người gửi đơn (chỉ trong văn bản gửi chính họ)", "The reporter's name (only in documents addressed to them)"),
        ["citizen.address"] = new("Địa chỉ người gửi đơn (chỉ trong văn bản gửi chính họ)", "The reporter's address (only in documents addressed to them)"),
        ["decision.date"] = new("Ngày ra quyết định (ngày hành động có hiệu lực), bằng chữ", "Day the decision took effect, in words"),
        ["decision.number"] = new("Số quyết định (ô \"decision\" của hành động)", "The decision's number (the action's \"decision\" input)"),
        ["decision.signed"] = new("Ngày ký quyết định (ô \"decision-date\"), bằng chữ", "Day the decision was signed (\"decision-date\"), in words"),
        ["decision.reason"] = new("Lý do (ô \"reason\")", "Reason (\"reason\")"),
        ["decision.request"] = new("Nội dung yêu cầu bổ sung (ô \"request\")", "What is asked (\"request\")"),
        ["decision.days"] = new("Số ngày gia hạn (ô \"days\")", "Days of extension (\"days\")"),
        ["decision.recipient"] = new("Cơ quan được chuyển đến (ô \"recipient\")", "The body forwarded to (\"recipient\")"),
        ["decision.outcome"] = new("Kết quả giải quyết (ô \"outcome\")", "Outcome (\"outcome\")"),
        ["decision.text"] = new("Nội dung quyết định, kết luận, trả lời (ô \"conclusion\", \"answer\", \"decision\" hoặc \"summary\")",
            "The decision, conclusion or answer (\"conclusion\", \"answer\", \"decision\" or \"summary\")"),
    };

    /// <summary>The placeholders that carry the reporter's identity.</summary>
    public static readonly IReadOnlySet<string> Identity = new HashSet<string>(StringComparer.Ordinal) { "citizen.name", "citizen.address" };
}
