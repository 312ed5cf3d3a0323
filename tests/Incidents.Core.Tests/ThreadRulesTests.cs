using Incidents.Core.Thread;

namespace Incidents.Core.Tests;

public sealed class ThreadRulesTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_note_names_colleagues_by_at_login_but_an_email_address_names_nobody()
    {
        Assert.Equal(["lan", "hung.nv"], ThreadRules.Mentions("@lan xem giúp, hỏi thêm @hung.nv. Gửi dan@example.vn; @LAN lần nữa"));
        Assert.Empty(ThreadRules.Mentions("thư gửi tới dan@example.vn"));
    }

    [Fact]
    public void A_call_logged_in_the_future_or_before_the_receipt_is_refused_by_field()
    {
        var future = ThreadRules.Check(new LoggedContact("call", "in", "2026-11-25T11:00+07:00", "0912345678", null, "Hỏi tiến độ"), Received, Now);
        Assert.Null(future.Contact);
        Assert.Equal(["occurredAt"], future.Problems.Keys);
        var early = ThreadRules.Check(new LoggedContact("call", "in", "2026-11-19T09:00", "0912345678", null, "Hỏi tiến độ"), Received, Now);
        Assert.Contains("trước lúc tiếp nhận", early.Problems["occurredAt"].Vi);
        var blank = ThreadRules.Check(new LoggedContact("fax", "sideways", null, " ", null, ""), Received, Now);
        Assert.Equal(["counterpart", "direction", "kind", "occurredAt", "summary"], blank.Problems.Keys.Order());
    }

    [Fact]
    public void A_time_without_an_offset_is_Vietnam_time()
    {
        var ok = ThreadRules.Check(new LoggedContact("letter", "out", "2026-11-25T09:30", " Ông A ", null, "Gửi thông báo"), Received, Now);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 30, 0, TimeSpan.Zero), ok.Contact!.OccurredAt);
        Assert.Equal("Ông A", ok.Contact.Counterpart);
    }

    [Fact]
    public void A_file_whose_bytes_are_not_what_its_name_says_is_refused_by_name()
    {
        Assert.Null(ThreadRules.NameMismatch("biên bản.pdf", "application/pdf"));
        Assert.Null(ThreadRules.NameMismatch("ảnh.JPEG", "image/jpeg"));
        Assert.Null(ThreadRules.NameMismatch("scan", "image/png"));
        var wrong = ThreadRules.NameMismatch("scan.pdf", "image/png");
        Assert.Equal("'scan.pdf': tên tệp là .pdf nhưng nội dung là PNG; hãy đặt đúng tên hoặc chọn đúng tệp.", wrong!.Vi);
        Assert.NotNull(ThreadRules.NameMismatch("letter.docx", "application/pdf"));
    }
}
