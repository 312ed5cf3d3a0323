using System.Text;

namespace Incidents.Benchmarks.Generation;

/// <summary>Titles and descriptions that read like the real intake of each case type.</summary>
public static class CaseTexts
{
    private static readonly Dictionary<string, string[]> Titles = new(StringComparer.Ordinal)
    {
        ["complaint"] =
        [
            "Khiếu nại quyết định thu hồi đất", "Khiếu nại về bồi thường giải phóng mặt bằng", "Khiếu nại quyết định xử phạt vi phạm hành chính",
            "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất", "Khiếu nại về chế độ chính sách người có công", "Khiếu nại quyết định kỷ luật cán bộ",
        ],
        ["denunciation"] =
        [
            "Tố cáo cán bộ địa chính nhận tiền của dân", "Tố cáo hành vi lợi dụng chức vụ trong cấp phép xây dựng",
            "Tố cáo sai phạm trong quản lý quỹ đất công", "Tố cáo hành vi nhũng nhiễu khi giải quyết thủ tục hành chính",
        ],
        ["petition"] =
        [
            "Phản ánh tiếng ồn công trình xây dựng ban đêm", "Kiến nghị sửa chữa đường ngõ xuống cấp", "Phản ánh ô nhiễm mùi từ bãi rác",
            "Kiến nghị bổ sung đèn chiếu sáng công cộng", "Phản ánh lấn chiếm vỉa hè kinh doanh", "Kiến nghị về ngập úng khi mưa lớn",
        ],
        ["election-complaint"] =
        [
            "Khiếu nại về danh sách cử tri", "Khiếu nại việc không có tên trong danh sách cử tri", "Khiếu nại kết quả bầu cử tại tổ bầu cử",
            "Tố cáo vận động bầu cử trái quy định", "Khiếu nại về niêm yết danh sách ứng cử viên",
        ],
        ["security-incident"] =
        [
            "Truy cập trái phép vào cổng thông tin", "Tấn công từ chối dịch vụ vào trang tra cứu kết quả", "Thư điện tử giả mạo gửi cán bộ",
            "Mất thiết bị lưu trữ dữ liệu cử tri", "Mã độc trên máy trạm tại bộ phận một cửa", "Rò rỉ tài khoản quản trị hệ thống",
        ],
    };

    private static readonly string[] Generic = ["Đơn của công dân", "Phản ánh của người dân", "Đề nghị giải quyết"];

    private static readonly string[] Details =
    [
        "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định của pháp luật.",
        "Sự việc kéo dài nhiều tháng, đã gửi đơn đến Ủy ban nhân dân nhưng chưa được trả lời.",
        "Kèm theo đơn là bản sao các giấy tờ liên quan và ảnh chụp hiện trường.",
        "Người dân trong khu vực đều bức xúc và mong sớm được xử lý dứt điểm.",
        "Đề nghị kiểm tra, xác minh và thông báo kết quả cho người gửi đơn.",
    ];

    public static string Title(string type, Random rng, long serial)
    {
        var pool = Titles.TryGetValue(type, out var t) ? t : Generic;
        return N($"{pool[rng.Next(pool.Length)]} (đơn số {serial})");
    }

    public static string Description(string type, AdminUnit unit, Random rng) =>
        N($"Tại {unit.Name}, {Details[rng.Next(Details.Length)]} {Details[rng.Next(Details.Length)]}");

    private static string N(string s) => s.Normalize(NormalizationForm.FormC);
}
