using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Incidents.Testing;

/// <summary>What the fixtures of real servers (aiosmtpd, Dovecot) share: a free loopback port, and "is it up yet".</summary>
public static class Loopback
{
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>True once the server on <paramref name="port"/> answers with <paramref name="greeting"/> (then says
    /// <paramref name="bye"/>); false while nothing listens yet.</summary>
    public static bool Greets(int port, string greeting, ReadOnlySpan<byte> bye)
    {
        try
        {
            using var c = new TcpClient();
            c.ReceiveTimeout = 2000;
            c.Connect(IPAddress.Loopback, port);
            using var s = c.GetStream();
            var buf = new byte[512];
            var n = s.Read(buf, 0, buf.Length);
            var ok = n >= greeting.Length && Encoding.ASCII.GetString(buf, 0, greeting.Length) == greeting;
            if (ok) s.Write(bye);
            return ok;
        }
        catch (SocketException) { return false; }
        catch (IOException) { return false; }
    }
}
