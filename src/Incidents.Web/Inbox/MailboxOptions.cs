using MailKit.Security;

namespace Incidents.Web.Inbox;

public enum MailboxTls { None, StartTls, SslOnConnect }

/// <summary>One mailbox whose letters become cases: Incidents:Mailboxes:N:Name, Host, ...</summary>
public sealed class MailboxOptions
{
    /// <summary>Short name, unique: the key of its messages and its status (changing it makes every message new again).</summary>
    public string Name { get; set; } = "";
    public string Host { get; set; } = "";
    /// <summary>0: 993 with SslOnConnect, else 143.</summary>
    public int Port { get; set; }
    public MailboxTls Tls { get; set; } = MailboxTls.SslOnConnect;
    public string User { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";
    /// <summary>Where a message goes once taken (created when missing); empty: it stays and is flagged \Seen and $Incidents.</summary>
    public string? ProcessedFolder { get; set; }
    /// <summary>A larger message is not downloaded: it is quarantined, and stays on the server.</summary>
    public long MaxMessageBytes { get; set; } = 25L * 1024 * 1024;
    /// <summary>The administrative unit a letter is registered under until it is classified (the body's own unit).</summary>
    public string LocalityCode { get; set; } = "";
    /// <summary>The case type a letter opens: one whose first state waits for classification.</summary>
    public string CaseType { get; set; } = "petition";
    /// <summary>How often the folder is looked at without IDLE, and the longest an IDLE lasts before a fresh look.</summary>
    public int PollSeconds { get; set; } = 60;

    public int EffectivePort => Port > 0 ? Port : Tls == MailboxTls.SslOnConnect ? 993 : 143;

    public SecureSocketOptions Socket => Tls switch
    {
        MailboxTls.None => SecureSocketOptions.None,
        MailboxTls.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.SslOnConnect,
    };
}

/// <summary>Incidents:Mailboxes: none by default (no mail is read).</summary>
public sealed class MailInOptions
{
    public const string Section = "Incidents";
    public const string Key = "Incidents:Mailboxes";

    public List<MailboxOptions> Mailboxes { get; set; } = [];

    /// <summary>Each invalid setting, named by its configuration key; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        for (var i = 0; i < Mailboxes.Count; i++)
        {
            var (m, k) = (Mailboxes[i], $"{Key}:{i}");
            void Required(string value, string name) { if (string.IsNullOrWhiteSpace(value)) p.Add($"{k}:{name} is required."); }
            Required(m.Name, nameof(m.Name));
            Required(m.Host, nameof(m.Host));
            Required(m.User, nameof(m.User));
            Required(m.Folder, nameof(m.Folder));
            Required(m.LocalityCode, nameof(m.LocalityCode));
            Required(m.CaseType, nameof(m.CaseType));
            if (m.Name.Length > 100) p.Add($"{k}:Name is longer than 100 characters.");
            if (Mailboxes.Take(i).Any(o => string.Equals(o.Name, m.Name, StringComparison.Ordinal)))
                p.Add($"{k}:Name '{m.Name}' is used by another mailbox.");
            if (m.Port is < 0 or > 65535) p.Add($"{k}:Port must be between 1 and 65535 (0: the default of the TLS mode).");
            if (m.MaxMessageBytes <= 0) p.Add($"{k}:MaxMessageBytes must be positive.");
            if (m.PollSeconds <= 0) p.Add($"{k}:PollSeconds must be positive.");
        }
        return p;
    }
}
