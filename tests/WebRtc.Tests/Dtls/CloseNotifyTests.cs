using System.Diagnostics;
using BroadcastOperator.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>A peer that closes its DTLS association politely (close_notify, RFC 5246 §7.2.1) ends our side of it at once, idly.</summary>
public sealed class CloseNotifyTests
{
    [Fact]
    public async Task A_peers_close_notify_ends_the_server_thread_without_a_busy_loop()
    {
        DtlsSrtpTransport? server = null;
        var client = new QueuedDatagramTransport(d => server!.TryEnqueueDatagram(d), 64);
        server = new DtlsSrtpTransport(DtlsRole.Server, DtlsPair.ServerCertificate, DtlsPair.ClientCertificate.Fingerprint,
            d => client.TryEnqueue(d), new DtlsSrtpOptions { PostHandshakeLinger = Timeout.InfiniteTimeSpan });
        using var _ = server;
        var serverKeys = server.HandshakeAsync();

        // A bare BouncyCastle client with our client's settings, so the test can call Close (which sends close_notify).
        var clientDtls = await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(
            new DtlsSrtpClient(new BcTlsCrypto(new SecureRandom()),
                new DtlsPeerAuthentication(DtlsPair.ClientCertificate, DtlsPair.ServerCertificate.Fingerprint),
                new SrtpProfileNegotiation(new DtlsSrtpOptions().SrtpProfiles), 15_000), client), TaskCreationOptions.LongRunning);
        await serverKeys.WaitAsync(DtlsPair.Deadline);
        Assert.False(server.Completion.IsCompleted, "with an infinite linger the server thread waits for the peer");
        var before = DtlsThreadsCpu();

        var closing = Stopwatch.StartNew();
        clientDtls.Close();
        await server.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        closing.Stop();
        await Task.Delay(500); // a spinning thread would burn through this; an ended one adds nothing
        var cpu = CpuSince(before); // the server thread, if still there, and any other DTLS thread

        Assert.True(server.PeerClosed, "the server should know the peer closed the association");
        Assert.True(server.IsClosed);
        Assert.True(closing.Elapsed < TimeSpan.FromSeconds(1), $"the server thread took {closing.Elapsed} to end");
        Assert.True(cpu < TimeSpan.FromMilliseconds(200), $"DTLS threads used {cpu.TotalMilliseconds:0} ms of CPU around the close_notify");
        File.AppendAllText(Path.Combine(Directory.CreateDirectory(Repository.PathOf(".test-results")).FullName, "fuzz.txt"),
            $"dtls close_notify: server thread ended {closing.Elapsed.TotalMilliseconds:0} ms after it, DTLS threads' CPU {cpu.TotalMilliseconds:0} ms over the next 0.5 s{Environment.NewLine}");
    }

    /// <summary>CPU used since <paramref name="before"/> by the DTLS threads alive now (an ended thread cannot spin).</summary>
    private static TimeSpan CpuSince(IReadOnlyDictionary<string, long> before) =>
        TimeSpan.FromSeconds(DtlsThreadsCpu().Sum(t => t.Value - before.GetValueOrDefault(t.Key)) / 100.0);

    /// <summary>CPU ticks of this process's threads named dtls-* by thread id (Linux: /proc/self/task/*/stat, utime + stime).</summary>
    private static Dictionary<string, long> DtlsThreadsCpu()
    {
        var ticks = new Dictionary<string, long>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("dtls-", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[Path.GetFileName(task)] = long.Parse(fields[11]) + long.Parse(fields[12]); // utime, stime (fields 14 and 15)
            }
            catch (IOException)
            {
                // the thread ended while we read it
            }
        }

        return ticks;
    }
}
