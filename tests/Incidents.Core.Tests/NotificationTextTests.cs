using Incidents.Core.Notifications;
using Incidents.Core.Thread;

namespace Incidents.Core.Tests;

public sealed class NotificationTextTests
{
    private static Dictionary<string, string> Data(params (string Key, string Value)[] kv) => kv.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Every_kind_and_mode_has_words_in_both_languages_and_no_stored_id()
    {
        foreach (var kind in NotificationKinds.All)
        {
            var name = NotificationKinds.Name(kind);
            Assert.NotEqual(kind, name.Vi);
            Assert.NotEqual(kind, name.En);
            var line = NotificationText.Line(kind, "KN-2026-000001", Data((NotificationData.ActorName, "Trần Thị Lan")));
            Assert.Contains("KN-2026-000001", line.Vi);
            Assert.Contains("KN-2026-000001", line.En);
            Assert.DoesNotContain(kind, line.Vi); // English may say "assigned" as a word; Vietnamese never shows the id
            Assert.StartsWith("[KN-2026-000001] ", NotificationText.Subject(kind, "KN-2026-000001"));
        }
        foreach (var mode in NotificationModes.All) Assert.DoesNotContain(mode, NotificationModes.Name(mode).Vi);
    }

    [Fact]
    public void An_extension_request_says_how_many_wait_for_leadership()
    {
        var one = NotificationText.Line(NotificationKinds.ExtensionRequested, "TC-2026-000007", Data((NotificationData.Waiting, "1")));
        var three = NotificationText.Line(NotificationKinds.ExtensionRequested, "TC-2026-000007",
            Data((NotificationData.ActorName, "Trần Thị Lan"), (NotificationData.Waiting, "3")));

        Assert.Contains("Hiện có 1 đề nghị gia hạn chờ lãnh đạo duyệt.", one.Vi);
        Assert.Contains("1 extension request awaits", one.En);
        Assert.StartsWith("Trần Thị Lan đề nghị gia hạn hồ sơ TC-2026-000007.", three.Vi);
        Assert.Contains("3 extension requests await", three.En);
    }

    [Fact]
    public void Correspondence_says_what_arrived_in_words()
    {
        Assert.Contains("cuộc gọi", NotificationText.Line(NotificationKinds.Correspondence, "KN-1", Data((NotificationData.EntryKind, EntryKinds.Call))).Vi);
        Assert.Contains("paper letter", NotificationText.Line(NotificationKinds.Correspondence, "KN-1", Data((NotificationData.EntryKind, EntryKinds.Letter))).En);
        Assert.Contains("thư điện tử", NotificationText.Line(NotificationKinds.Correspondence, "KN-1", Data((NotificationData.EntryKind, EntryKinds.MailIn))).Vi);
    }
}
