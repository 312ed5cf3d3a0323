using Incidents.Testing.Smtp;

namespace Incidents.Mail.Tests;

public sealed class FixtureTests
{
    [Theory]
    [InlineData("/nonexistent/python3")]
    [InlineData("/bin/false")] // runs, but cannot import aiosmtpd
    public void The_smtp_fixture_fails_instead_of_skipping_when_aiosmtpd_is_missing(string python)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new AiosmtpdServer(python: python));
        Assert.Contains("aiosmtpd", e.Message);
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public void Stop_refuses_connections_and_start_serves_again_on_the_same_port()
    {
        using var smtp = new AiosmtpdServer();
        var port = smtp.Port;
        Assert.True(smtp.IsRunning);
        smtp.Stop();
        Assert.False(smtp.IsRunning);
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => new System.Net.Sockets.TcpClient().Connect("127.0.0.1", port));
        smtp.Start();
        Assert.True(smtp.IsRunning);
        Assert.Equal(port, smtp.Port);
        using var c = new System.Net.Sockets.TcpClient();
        c.Connect("127.0.0.1", port);
        Assert.True(c.Connected);
    }
}
