using System.Text.RegularExpressions;

namespace Incidents.Web.Ui.Localization;

/// <summary>
/// The intake validator (Incidents.Core, shared with the API) words its problems in English; the pages show the common
/// ones in Vietnamese by pattern, and any other message as it is.
/// </summary>
public static partial class Problems
{
    private static readonly (Regex Pattern, string Vi)[] Vi =
    [
        (new(@"^The case type is required\.$"), "Hãy chọn loại hồ sơ."),
        (new(@"^The title is required\.$"), "Hãy nhập tiêu đề."),
        (new(@"^The title is longer than (\d+) characters\.$"), "Tiêu đề dài quá $1 ký tự."),
        (new(@"^The description is longer than (\d+) characters\.$"), "Nội dung dài quá $1 ký tự."),
        (new(@"^The channel is required\.$"), "Hãy chọn hình thức tiếp nhận."),
        (new(@"^The channel must be one of .*$"), "Hình thức tiếp nhận không hợp lệ."),
        (new(@"^The time of receipt is required\.$"), "Hãy nhập thời điểm tiếp nhận."),
        (new(@"^The time of receipt must be .*$"), "Thời điểm tiếp nhận không hợp lệ."),
        (new(@"^The time of receipt is in the future\.$"), "Thời điểm tiếp nhận không được ở tương lai."),
        (new(@"^The locality code is required\.$"), "Hãy chọn địa bàn."),
        (new(@"^'(.*)' is not an administrative unit valid on the day of receipt\.$"), "'$1' không phải đơn vị hành chính còn hiệu lực vào ngày tiếp nhận."),
        (new(@"^'(.*)' is not a known administrative unit\.$"), "'$1' không phải đơn vị hành chính đã biết."),
        (new(@"^The name is longer than (\d+) characters\.$"), "Họ tên dài quá $1 ký tự."),
        (new(@"^The address is longer than (\d+) characters\.$"), "Địa chỉ dài quá $1 ký tự."),
        (new(@"^The phone number may hold .*$"), "Số điện thoại chỉ gồm chữ số, dấu cách, '+', '-', '.', '(' và ')', từ 6 đến 15 chữ số."),
        (new(@"^The email address is not valid\.$"), "Địa chỉ thư điện tử không hợp lệ."),
        (new(@"^A .* requires the reporter's name\.$"), "Loại hồ sơ này yêu cầu họ tên người gửi."),
        (new(@"^A .* requires the reporter's address\.$"), "Loại hồ sơ này yêu cầu địa chỉ người gửi."),
        (new(@"^A .* requires the reporter's phone\.$"), "Loại hồ sơ này yêu cầu số điện thoại người gửi."),
        (new(@"^A .* requires the reporter's email\.$"), "Loại hồ sơ này yêu cầu thư điện tử người gửi."),
        (new(@"^The severity is required: .*$"), "Hãy chọn mức độ."),
        (new(@"^The severity must be one of .*$"), "Mức độ không hợp lệ."),
        (new(@"^Unknown case type .*$"), "Loại hồ sơ không tồn tại."),
        (new(@"^Cases of type '.*' are taken in by the (\w+) team\.$"), "Loại hồ sơ này do đội $1 tiếp nhận."),
    ];

    public static string Show(string message)
    {
        if (UiText.IsEnglish) return message;
        foreach (var (pattern, vi) in Vi)
            if (pattern.IsMatch(message)) return pattern.Replace(message, vi);
        return message;
    }

    public static string Show(IEnumerable<string> messages) => string.Join(" ", messages.Select(Show));
}
