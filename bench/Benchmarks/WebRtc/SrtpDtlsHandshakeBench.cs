using System.Diagnostics;
using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.Benchmarks.WebRtc;

/// <summary>
/// How long DTLS-SRTP keying takes for one peer (both ends ours, in-memory datagrams, so network
/// time is excluded): what a listener waits for between ICE and audio, and the CPU a burst of
/// joins costs the worker. Prints dtls_srtp_handshake_ms (median and p95).
/// </summary>
public sealed class SrtpDtlsHandshakeBench : IBenchSuite
{
    private const int Handshakes = 20;

    public string Name => "srtp-dtls-handshake";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var clientCertificate = DtlsCertificate.Generate("bench client");
        var serverCertificate = DtlsCertificate.Generate("bench server");
        await HandshakeOnce(clientCertificate, serverCertificate, cancellationToken); // warm-up: JIT, static tables

        var durations = new List<double>();
        for (var i = 0; i < Handshakes; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await HandshakeOnce(clientCertificate, serverCertificate, cancellationToken);
            durations.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        durations.Sort();
        report.Figure("dtls_srtp_handshake_ms", durations[durations.Count / 2], "ms");
        report.Figure("dtls_srtp_handshake_p95_ms", durations[(int)Math.Ceiling(durations.Count * 0.95) - 1], "ms");
        report.Note($"dtls-srtp: {Handshakes} handshakes, our client and server over an in-memory link, ECDSA P-256, GCM profile");
    }

    private static async Task HandshakeOnce(DtlsCertificate clientCertificate, DtlsCertificate serverCertificate, CancellationToken cancellationToken)
    {
        var options = new DtlsSrtpOptions { PostHandshakeLinger = TimeSpan.Zero };
        DtlsSrtpTransport? server = null;
        using var client = new DtlsSrtpTransport(
            DtlsRole.Client, clientCertificate, serverCertificate.Fingerprint, datagram => server!.TryEnqueueDatagram(datagram), options);
        server = new DtlsSrtpTransport(
            DtlsRole.Server, serverCertificate, clientCertificate.Fingerprint, datagram => client.TryEnqueueDatagram(datagram), options);
        using (server)
        {
            var serverKeys = server.HandshakeAsync(cancellationToken);
            await client.HandshakeAsync(cancellationToken);
            await serverKeys;
        }
    }
}
