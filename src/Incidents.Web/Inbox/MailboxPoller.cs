using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Incidents.Storage.Inbox;
using Incidents.Web.Hosting;

namespace Incidents.Web.Inbox;

/// <summary>
/// One configured mailbox, watched: each new message is taken (LetterIntake, which claims it in the database) and only
/// then moved to the processed folder, or flagged \Seen and $Incidents. A message the database already has is just
/// moved, so a restart between the commit and the move takes nothing twice. IMAP IDLE wakes it when the server has it,
/// else it looks every PollSeconds. A refused login, a lost connection, anything: logged, written to the mailbox's
/// status for the admin page, and tried again with a backoff; it never stops the host.
/// </summary>
public sealed class MailboxPoller(MailboxOptions box, LetterIntake letters, MailInStore store, TimeProvider time, ILogger<MailboxPoller> log)
{
    /// <summary>The keyword a taken message carries when there is no processed folder.</summary>
    public const string TakenKeyword = "$Incidents";

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(5);

    public MailboxOptions Mailbox => box;

    /// <summary>Watches the mailbox until stopped; returns only then.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WatchAsync(() => backoff = FirstBackoff, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var what = Describe(e);
                log.LogError(e, "Mailbox {Mailbox} ({User} at {Host}:{Port}): {Error}; trying again in {Backoff}", box.Name, box.User, box.Host,
                    box.EffectivePort, what, backoff);
                try { await store.FailedAsync(box.Name, what, stoppingToken); }
                catch (Exception s) when (s is not OperationCanceledException) { log.LogError(s, "Mailbox {Mailbox}: its status could not be written", box.Name); }
                try { await Task.Delay(backoff, stoppingToken); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>One connection: log in, take what is there, then wait (IDLE or a pause) and take again, until it fails.</summary>
    private async Task WatchAsync(Action connected, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = 60_000 };
        await client.ConnectAsync(box.Host, box.EffectivePort, box.Socket, ct);
        await client.AuthenticateAsync(box.User, box.Password, ct);
        var folder = await client.GetFolderAsync(box.Folder, ct);
        var processed = string.IsNullOrWhiteSpace(box.ProcessedFolder) ? null : await ProcessedFolderAsync(client, box.ProcessedFolder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        connected();
        while (!ct.IsCancellationRequested)
        {
            await TakeAllAsync(folder, processed, ct);
            await store.SucceededAsync(box.Name, ct);
            var wait = TimeSpan.FromSeconds(box.PollSeconds);
            if (client.Capabilities.HasFlag(ImapCapabilities.Idle)) await IdleAsync(client, folder, wait, ct);
            else
            {
                await Task.Delay(wait, ct);
                await client.NoOpAsync(ct); // lets the server report new messages
            }
        }
    }

    private async Task TakeAllAsync(IMailFolder folder, IMailFolder? processed, CancellationToken ct)
    {
        var uids = await folder.SearchAsync(processed is null ? SearchQuery.NotKeyword(TakenKeyword) : SearchQuery.All, ct);
        if (uids.Count == 0) return;
        var summaries = await folder.FetchAsync(uids,
            MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope, ct);
        foreach (var s in summaries.OrderBy(s => s.UniqueId.Id))
        {
            ct.ThrowIfCancellationRequested();
            var envelope = s.Envelope;
            var receipt = new MailReceipt(box.Name, folder.UidValidity, s.UniqueId.Id,
                envelope?.MessageId is { Length: > 0 } id ? (id.StartsWith('<') ? id : $"<{id}>") : null,
                envelope?.From.Mailboxes.FirstOrDefault()?.Address, envelope?.Subject, s.Size ?? 0, s.InternalDate ?? time.GetUtcNow());
            if (await store.TakenAsync(receipt, ct) is null)
            {
                byte[]? raw = null;
                if (receipt.Size <= box.MaxMessageBytes)
                {
                    using var stream = await folder.GetStreamAsync(s.UniqueId, ct);
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, ct);
                    raw = buffer.ToArray();
                }
                var result = await letters.TakeAsync(box, receipt, raw, ct);
                log.LogInformation("Mailbox {Mailbox}: message {Uid} ({MessageId}) came to {Outcome} {Number}{Reason}", box.Name, receipt.Uid,
                    receipt.MessageId, result.Outcome, result.Number, result.Reason);
            }
            // Only now, with what it became committed, does the message leave the folder.
            if (processed is not null) await folder.MoveToAsync(s.UniqueId, processed, ct);
            else await folder.AddFlagsAsync(s.UniqueId, MessageFlags.Seen, new HashSet<string>(StringComparer.Ordinal) { TakenKeyword }, true, ct);
            await store.MarkMovedAsync(receipt, ct);
        }
    }

    private static async Task IdleAsync(ImapClient client, IMailFolder folder, TimeSpan longest, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        done.CancelAfter(longest);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        folder.CountChanged += Arrived;
        try { await client.IdleAsync(done.Token, ct); }
        finally { folder.CountChanged -= Arrived; }
    }

    private static async Task<IMailFolder> ProcessedFolderAsync(ImapClient client, string name, CancellationToken ct)
    {
        try { return await client.GetFolderAsync(name, ct); }
        catch (FolderNotFoundException)
        {
            var root = await client.GetFolderAsync(client.PersonalNamespaces[0].Path, ct);
            return await root.CreateAsync(name, true, ct) ?? throw new FolderNotFoundException(name);
        }
    }

    /// <summary>The error as the operator reads it on the admin page.</summary>
    private static string Describe(Exception e) => e switch
    {
        AuthenticationException => $"Đăng nhập bị từ chối / Login refused: {e.Message}",
        System.Net.Sockets.SocketException or SslHandshakeException => $"Không kết nối được / Cannot connect: {e.Message}",
        FolderNotFoundException f => $"Không có thư mục / No such folder: {f.FolderName}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}

/// <summary>
/// The hosted service that runs one MailboxPoller per configured mailbox (Incidents:Mailboxes), each on its own loop: one
/// mailbox refusing its login does not hold up the others. Stopped and started again, it takes up where the database says.
/// </summary>
public sealed class MailboxWatch(MailInOptions options, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Mailboxes.Select(box => Task.Run(
            () => ActivatorUtilities.CreateInstance<MailboxPoller>(services, box).RunAsync(stoppingToken), CancellationToken.None)));
}

public static class InboxSetup
{
    /// <summary>The mailboxes' settings (checked at start), the letter intake and the watch over every mailbox.</summary>
    public static WebApplicationBuilder AddIncidentsInbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MailInOptions>(MailInOptions.Section, o => o.Problems());
        builder.Services.AddSingleton<LetterIntake>();
        builder.Services.AddSingleton<MailboxWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailboxWatch>());
        return builder;
    }
}
