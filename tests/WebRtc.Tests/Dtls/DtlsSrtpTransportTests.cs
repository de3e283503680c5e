using System.Diagnostics;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Srtp;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

public class DtlsSrtpTransportTests
{
    [Fact]
    public async Task Client_and_server_complete_the_handshake_and_derive_matching_keys()
    {
        using var pair = new DtlsPair();

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();
        var clientKeys = await client.WaitAsync(DtlsPair.Deadline);
        var serverKeys = await server.WaitAsync(DtlsPair.Deadline);

        Assert.Equal(SrtpProfile.AeadAes128Gcm, clientKeys.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        Assert.Equal(clientKeys.LocalMasterKey.ToArray(), serverKeys.RemoteMasterKey.ToArray());
        Assert.Equal(clientKeys.LocalMasterSalt.ToArray(), serverKeys.RemoteMasterSalt.ToArray());
        Assert.Equal(clientKeys.RemoteMasterKey.ToArray(), serverKeys.LocalMasterKey.ToArray());
        Assert.Equal(clientKeys.RemoteMasterSalt.ToArray(), serverKeys.LocalMasterSalt.ToArray());
        Assert.NotEqual(clientKeys.LocalMasterKey.ToArray(), clientKeys.RemoteMasterKey.ToArray());
        Assert.Equal(12, clientKeys.LocalMasterSalt.Length);
    }

    [Fact]
    public async Task Srtp_sessions_from_both_ends_understand_each_other()
    {
        using var pair = new DtlsPair();
        var serverKeys = pair.Server.HandshakeAsync();
        var clientKeys = await pair.Client.HandshakeAsync().WaitAsync(DtlsPair.Deadline);
        using var clientSession = clientKeys.CreateSession();
        using var serverSession = (await serverKeys.WaitAsync(DtlsPair.Deadline)).CreateSession();

        var plain = Srtp.SrtpTestData.RtpPacket(77);
        var packet = Srtp.SrtpTestData.ProtectRtp(clientSession.Outbound, plain);
        Assert.Equal(SrtpStatus.Ok, serverSession.Inbound.UnprotectRtp(packet, out var length));
        Assert.Equal(plain, packet[..length]);

        var reply = Srtp.SrtpTestData.ProtectRtp(serverSession.Outbound, plain);
        Assert.Equal(SrtpStatus.Ok, clientSession.Inbound.UnprotectRtp(reply, out length));
        Assert.Equal(plain, reply[..length]);
    }

    [Fact]
    public async Task Garbage_datagrams_before_and_during_the_handshake_are_ignored()
    {
        using var pair = new DtlsPair();
        var random = new Random(6347);
        for (var i = 0; i < 40; i++)
        {
            var junk = new byte[random.Next(1, 200)];
            random.NextBytes(junk);
            junk[0] = (byte)random.Next(20, 64); // looks like DTLS to the demultiplexer
            pair.Server.TryEnqueueDatagram(junk);
        }

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();

        var clientKeys = await client.WaitAsync(DtlsPair.Deadline);
        var serverKeys = await server.WaitAsync(DtlsPair.Deadline);
        Assert.Equal(clientKeys.LocalMasterKey.ToArray(), serverKeys.RemoteMasterKey.ToArray());
    }

    [Fact]
    public async Task A_server_hello_altered_in_flight_fails_both_sides_with_no_keys()
    {
        // Flip one byte of the ServerHello random: nothing checks it until the Finished messages.
        var tampered = 0;
        using var pair = new DtlsPair(tamperServerDatagram: datagram =>
        {
            var isServerHello = datagram.Length > 60 && datagram[0] == 22 && datagram[13] == 2;
            if (isServerHello && Interlocked.Exchange(ref tampered, 1) == 0)
            {
                datagram[13 + 12 + 2 + 5] ^= 0x40;
            }

            return datagram;
        });

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsPair.Deadline));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        Assert.Equal(1, tampered);
    }

    [Fact]
    public async Task Server_picks_aes_cm_when_that_is_all_the_client_offers()
    {
        using var pair = new DtlsPair(clientOptions: new DtlsSrtpOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] });

        var server = pair.Server.HandshakeAsync();
        var clientKeys = await pair.Client.HandshakeAsync().WaitAsync(DtlsPair.Deadline);
        var serverKeys = await server.WaitAsync(DtlsPair.Deadline);

        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, clientKeys.Profile);
        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, serverKeys.Profile);
        Assert.Equal(14, serverKeys.LocalMasterSalt.Length);
        Assert.Equal(clientKeys.LocalMasterKey.ToArray(), serverKeys.RemoteMasterKey.ToArray());
    }

    [Fact]
    public async Task No_common_srtp_profile_fails_both_sides()
    {
        using var pair = new DtlsPair(
            clientOptions: new DtlsSrtpOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] },
            serverOptions: new DtlsSrtpOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm] });

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsPair.Deadline));
        Assert.Contains("SRTP profiles", serverError.Message);
    }

    [Fact]
    public async Task Wrong_server_fingerprint_fails_the_handshake_on_both_sides_with_no_keys()
    {
        var stranger = DtlsCertificate.Generate("stranger");
        using var pair = new DtlsPair(clientExpects: stranger.Fingerprint);

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsPair.Deadline));
        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        Assert.Contains("does not match the SDP fingerprint", clientError.Message);
        Assert.Contains("bad_certificate", serverError.Message);
    }

    [Fact]
    public async Task Wrong_client_fingerprint_fails_the_handshake_on_both_sides_with_no_keys()
    {
        var stranger = DtlsCertificate.Generate("stranger");
        using var pair = new DtlsPair(serverExpects: stranger.Fingerprint);

        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsPair.Deadline));
        Assert.Contains("does not match the SDP fingerprint", serverError.Message);
    }

    [Fact]
    public async Task Closing_during_a_handshake_ends_it_promptly()
    {
        // The server never hears the client, so the client keeps retransmitting its ClientHello.
        using var pair = new DtlsPair(deliverClientDatagrams: false);
        var server = pair.Server.HandshakeAsync();
        var client = pair.Client.HandshakeAsync();
        await Eventually.TrueAsync(() => !pair.ClientSent.IsEmpty, "the client sent its first flight", DtlsPair.Deadline);

        var closing = Stopwatch.StartNew();
        pair.Client.Close();
        pair.Server.Close();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(DtlsPair.Deadline));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        await Task.WhenAll(pair.Client.Completion, pair.Server.Completion).WaitAsync(DtlsPair.Deadline);
        Assert.True(closing.Elapsed < TimeSpan.FromSeconds(5), $"closing took {closing.Elapsed}");
        Assert.Contains("closed", clientError.Message);
    }

    [Fact]
    public async Task Cancelling_the_handshake_closes_the_transport()
    {
        using var pair = new DtlsPair(deliverClientDatagrams: false);
        using var cancellation = new CancellationTokenSource();
        var server = pair.Server.HandshakeAsync(cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(DtlsPair.Deadline));
        Assert.True(pair.Server.IsClosed);
        Assert.False(pair.Server.TryEnqueueDatagram([22, 0xFE, 0xFD]));
    }

    [Fact]
    public async Task A_silent_peer_times_the_handshake_out()
    {
        using var pair = new DtlsPair(
            deliverClientDatagrams: false,
            clientOptions: new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(1500) });

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Client.HandshakeAsync().WaitAsync(DtlsPair.Deadline));

        Assert.Contains("timed out", error.Message);
        Assert.True(pair.ClientSent.Count >= 2, "the ClientHello should have been retransmitted");
    }

    [Fact]
    public async Task Closing_after_the_handshake_ends_the_linger_loop()
    {
        using var pair = new DtlsPair(
            clientOptions: new DtlsSrtpOptions { PostHandshakeLinger = Timeout.InfiniteTimeSpan },
            serverOptions: new DtlsSrtpOptions { PostHandshakeLinger = Timeout.InfiniteTimeSpan });
        var server = pair.Server.HandshakeAsync();
        await pair.Client.HandshakeAsync().WaitAsync(DtlsPair.Deadline);
        await server.WaitAsync(DtlsPair.Deadline);
        Assert.False(pair.Server.Completion.IsCompleted);

        pair.Server.Close();
        pair.Client.Close();

        await Task.WhenAll(pair.Client.Completion, pair.Server.Completion).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Keying_material_is_split_client_key_server_key_client_salt_server_salt()
    {
        var material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var client = DtlsSrtpKeys.FromKeyingMaterial(SrtpProfile.AesCm128HmacSha1_80, material, DtlsRole.Client);
        var server = DtlsSrtpKeys.FromKeyingMaterial(SrtpProfile.AesCm128HmacSha1_80, material, DtlsRole.Server);

        Assert.Equal(material[..16], client.LocalMasterKey.ToArray());
        Assert.Equal(material[16..32], client.RemoteMasterKey.ToArray());
        Assert.Equal(material[32..46], client.LocalMasterSalt.ToArray());
        Assert.Equal(material[46..60], client.RemoteMasterSalt.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.RemoteMasterSalt.ToArray(), server.LocalMasterSalt.ToArray());
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.FromKeyingMaterial(SrtpProfile.AeadAes128Gcm, material, DtlsRole.Client));
    }
}
