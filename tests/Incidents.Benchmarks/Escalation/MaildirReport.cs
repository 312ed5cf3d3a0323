using System.Globalization;
using MimeKit;

namespace Incidents.Benchmarks.Escalation;

/// <summary>
/// Reads what aiosmtpd's Mailbox handler wrote: one file per accepted message, written when the DATA phase ended, so
/// its mtime is the acceptance instant. The deadline instant comes from the message itself (the due header, else the
/// Date header as a weaker stand-in), and duplicates are counted by the exactly-once key the message carries.
/// </summary>
public static class MaildirReport
{
    public sealed record Result(
        int Messages, int Expected, int WithDue, int Duplicates, double P50Ms, double P99Ms, double MaxMs,
        double BurstToLastAcceptSeconds, string DueSource, string KeySource, Stages? Stages);

    /// <summary>Where the time went, from the database: due -> fired (escalations.at) -> handed to SMTP (outbox.sent_at).</summary>
    public sealed record Stages(int Rows, double FireP50, double FireP99, double FireMax, double SendP50, double SendP99, double SendMax, int MaxAttempts);

    public static Result Analyse(string maildir, int expected, string dueHeader, IReadOnlyList<string> keyHeaders,
        DateTimeOffset? burstStart, string? database = null)
    {
        var fromDb = database is null ? null : DueByMessageId(database);
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(maildir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .ToList();

        var latencies = new List<double>(files.Count);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var dueSource = dueHeader;
        var keySource = string.Join('+', keyHeaders);
        var withDue = 0;
        DateTimeOffset? lastAccept = null;
        foreach (var f in files)
        {
            var accepted = new DateTimeOffset(File.GetLastWriteTimeUtc(f), TimeSpan.Zero);
            if (lastAccept is null || accepted > lastAccept) lastAccept = accepted;
            MimeMessage msg;
            using (var s = File.OpenRead(f)) msg = MimeMessage.Load(s);

            var due = ReadDue(msg, dueHeader);
            string? dbKey = null;
            if (due is null && fromDb is not null && msg.MessageId is { } mid && fromDb.TryGetValue(mid.Trim('<', '>'), out var row))
            {
                // No due header: the outbox row names the case, and the burst database gives each case one step.
                due = row.Due;
                dbKey = row.Key;
                dueSource = $"database (outbox.message_id -> deadline_steps.due_at; no {dueHeader} header)";
            }
            if (due is null && msg.Headers[HeaderId.Date] is not null)
            {
                // No due header: the message's Date is when it was composed, after the deadline fell due.
                due = msg.Date;
                dueSource = "Date header (no " + dueHeader + ")";
            }
            if (due is not null)
            {
                withDue++;
                latencies.Add((accepted - due.Value).TotalMilliseconds);
            }

            var keyParts = keyHeaders.Select(h => msg.Headers[h]).Where(v => !string.IsNullOrEmpty(v)).ToList();
            var key = keyParts.Count == keyHeaders.Count ? string.Join('|', keyParts) : null;
            if (key is null && dbKey is not null)
            {
                key = dbKey;
                keySource = "case, deadline and step of the outbox row (database)";
            }
            if (key is null)
            {
                key = msg.MessageId ?? f;
                keySource = "Message-Id";
            }
            keys[key] = keys.GetValueOrDefault(key) + 1;
        }

        latencies.Sort();
        var dups = keys.Values.Sum(n => n - 1);
        var burst = burstStart is not null && lastAccept is not null ? (lastAccept.Value - burstStart.Value).TotalSeconds : double.NaN;
        return new Result(files.Count, expected, withDue, dups,
            Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), latencies.Count > 0 ? latencies[^1] : double.NaN,
            burst, dueSource, keySource, database is null ? null : StagesOf(database));
    }

    /// <summary>message_id -> (step due instant, case|deadline|step) for every escalation row in the outbox.</summary>
    private static Dictionary<string, (DateTimeOffset Due, string Key)> DueByMessageId(string database)
    {
        var map = new Dictionary<string, (DateTimeOffset, string)>(StringComparer.Ordinal);
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT o.message_id, s.due_at, s.case_id || '|' || s.deadline_key || '|' || s.step_key
            FROM outbox o JOIN deadline_steps s ON s.case_id = o.case_id
            WHERE o.kind = 'escalation'
            """;
        using var r = cmd.ExecuteReader();
        while (r.Read())
            map[r.GetString(0).Trim('<', '>')] = (DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2));
        return map;
    }

    private static Stages StagesOf(string database)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        // Instants are Unix milliseconds in every table.
        cmd.CommandText = """
            SELECT e.at - s.due_at, o.sent_at - e.at, o.attempts
            FROM escalations e
            JOIN deadline_steps s ON s.case_id = e.case_id AND s.deadline_key = e.deadline_key AND s.step_key = e.step_key
            LEFT JOIN outbox o ON o.case_id = e.case_id AND o.kind = 'escalation'
            """;
        var fire = new List<double>();
        var send = new List<double>();
        var attempts = 0;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            fire.Add(r.GetInt64(0));
            if (!r.IsDBNull(1)) send.Add(r.GetInt64(1));
            if (!r.IsDBNull(2)) attempts = Math.Max(attempts, r.GetInt32(2));
        }
        fire.Sort();
        send.Sort();
        return new Stages(fire.Count, Stats.Percentile(fire, 50), Stats.Percentile(fire, 99), fire.Count > 0 ? fire[^1] : double.NaN,
            Stats.Percentile(send, 50), Stats.Percentile(send, 99), send.Count > 0 ? send[^1] : double.NaN, attempts);
    }

    private static DateTimeOffset? ReadDue(MimeMessage msg, string header)
    {
        var v = msg.Headers[header];
        if (string.IsNullOrWhiteSpace(v)) return null;
        return DateTimeOffset.TryParse(v.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
    }
}
