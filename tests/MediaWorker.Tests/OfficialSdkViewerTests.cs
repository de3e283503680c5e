using System.Net;
using System.Text.Json;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;
using BroadcastOperator.WebRtc.Dtls;
using BroadcastOperator.WebRtc.Mux;
using BroadcastOperator.WebRtc.Peer;
using BroadcastOperator.WebRtc.Sdp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>
/// Viewers of the official KVS WebRTC SDK (npm `amazon-kinesis-video-streams-webrtc`, in Node) against the real worker as
/// MASTER on the real signaling service with its default limits: a hall pressing Play together (issue 20).
/// </summary>
[Collection(SessionCollection.Name)]
public sealed class OfficialSdkViewerTests(SessionFixture world, ITestOutputHelper output)
{
    private const int Viewers = 100;

    [SkippableFact]
    public async Task A_hundred_official_sdk_viewers_offering_together_all_get_the_workers_answer()
    {
        var missing = NodeSdk.MissingToolReason();
        Skip.If(missing is not null, missing);
        await NodeSdk.EnsureInstalledAsync();
        var settings = await world.NewSessionAsync("en", ["es"], maxListeners: Viewers * 2, translate: false);
        var channel = settings.LanguageChannels.Single(c => c.Language == "en");
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, new CaptionHub(), new WorkerMetrics(),
            NullLoggerFactory.Instance);
        await worker.StartAsync(CancellationToken.None);
        var configFile = Path.GetTempFileName();
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", TimeSpan.FromSeconds(20));
            // Each viewer offers what a browser would (a real offer of our own stack, its own ICE credentials), signed
            // with credentials scoped to its own client id, as SessionApi's /join hands out.
            var issuer = new ScopedCredentialIssuer(SessionFixture.ScopedCredentialRootKey);
            var viewers = (await OffersAsync(Viewers)).Select((sdp, i) =>
            {
                var clientId = $"sdk-viewer-{i:000}";
                var credential = issuer.Issue(channel.Arn, ChannelRole.Viewer, clientId);
                return new
                {
                    clientId,
                    sdp,
                    credentials = new { accessKeyId = credential.AccessKeyId, secretAccessKey = credential.SecretAccessKey, sessionToken = credential.SessionToken },
                };
            }).ToList();
            await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new
            {
                channelARN = channel.Arn,
                channelEndpoint = channel.Wss.ToString().TrimEnd('/'),
                region = SessionFixture.Region,
                // All offers within a quarter of a second, as a hall pressing Play together: far more answers than signaling's default
                // burst (60) plus what its rate (20/s) adds while the worker answers them.
                spreadMs = 250,
                waitMs = 10_000,
                openTimeoutMs = 20_000,
                viewers,
            }));

            await using var crowd = NodeSdk.Start("kvs-viewers.js", new { configFile });
            var done = await crowd.NextAsync("done", TimeSpan.FromSeconds(45));
            output.WriteLine(done.ToString());

            Assert.True(done.GetProperty("opened").GetInt32() == Viewers, $"not every viewer's signaling connection opened: {done}\n{crowd.Log}");
            Assert.True(done.GetProperty("answered").GetInt32() == Viewers,
                $"{Viewers - done.GetProperty("answered").GetInt32()} of {Viewers} official SDK viewers never got the worker's SDP answer: {done}\n{crowd.Log}");
        }
        finally
        {
            File.Delete(configFile);
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Real recvonly audio offers, each with its own ICE credentials and DTLS fingerprint of our WebRTC stack.</summary>
    private static async Task<List<string>> OffersAsync(int count)
    {
        var certificate = DtlsCertificate.Generate();
        await using var mux = UdpMux.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var offers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            await using var peer = new AudioPeerConnection(mux, new PeerConnectionOptions { Certificate = certificate, Direction = MediaDirection.RecvOnly, IceLite = false });
            offers.Add(peer.CreateOffer());
        }
        return offers;
    }
}
