using System.Collections.Concurrent;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Tests.Support;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>
/// Firefox 153's ClientHello, captured from the worker's side (issue 20): DTLS 1.3 capable, with a post-quantum hybrid key
/// share that makes it span two datagrams. Our DTLS 1.2 server must reassemble it and answer in DTLS 1.2 with an SRTP
/// profile Firefox offered, as it did in the captured session.
/// </summary>
public sealed class FirefoxClientHelloTests
{
    private const byte Handshake = 22;
    private const byte ServerHello = 2;

    [Fact]
    public async Task Firefox_153_two_datagram_client_hello_offering_dtls_1_3_gets_a_dtls_1_2_server_hello_with_aes_gcm_srtp()
    {
        var datagrams = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Dtls", "Fixtures", "firefox-153-client-hello.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Hex.Parse).ToArray();
        Assert.Equal(2, datagrams.Length);
        var sent = new BlockingCollection<byte[]>();
        using var server = new DtlsSrtpTransport(DtlsRole.Server, DtlsCertificate.Generate(), DtlsCertificate.Generate().Fingerprint,
            datagram => sent.Add(datagram.ToArray()));

        var handshake = server.HandshakeAsync();
        foreach (var datagram in datagrams)
        {
            Assert.True(server.TryEnqueueDatagram(datagram));
        }

        var flight = await Task.Run(() => sent.TryTake(out var first, DtlsPair.Deadline) ? first : null);
        Assert.NotNull(flight);
        // Record: type, version, epoch, sequence, length (13 bytes); handshake: type, length, message_seq, fragment offset and length (12).
        Assert.Equal(Handshake, flight[0]);
        Assert.Equal(ServerHello, flight[13]);
        Assert.Equal([0xFE, 0xFD], flight[25..27]); // server_version DTLS 1.2
        // use_srtp (0x000E): one profile, AEAD_AES_128_GCM (0x0007), empty MKI.
        Assert.True(Contains(flight, [0x00, 0x0E, 0x00, 0x05, 0x00, 0x02, 0x00, 0x07, 0x00]), Convert.ToHexString(flight));
        server.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
    }

    private static bool Contains(byte[] haystack, byte[] needle) =>
        Enumerable.Range(0, haystack.Length - needle.Length + 1).Any(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
}
