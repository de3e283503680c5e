using System.Diagnostics;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Benchmarks.Signaling;

/// <summary>
/// Signaling costs: SigV4 presigned-URL verification, scoped-credential verification, and message
/// relay latency and fan-out throughput through the real service (Kestrel, TLS, loopback).
/// </summary>
public sealed class SignalingBench : IBenchSuite
{
    private const string RootKey = "bench-root-key-0123456789abcdef0123456789";
    private static readonly AwsCredentials Operator = new("AKIABENCHOPERATOR001", "bench-secret");

    public string Name => "signaling";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        MeasureVerification(report);
        await MeasureRelayAsync(report, cancellationToken);
    }

    private static void MeasureVerification(BenchReport report)
    {
        const string arn = "arn:aws:kinesisvideo:us-east-1:111122223333:channel/bench/1764234000000";
        var issuer = new ScopedCredentialIssuer(RootKey);
        var credential = issuer.Issue(arn, ChannelRole.Viewer, "viewer-1");
        var verifier = new SigV4Verifier(new ScopedCredentialVerifier(RootKey), "us-east-1", "kinesisvideo");
        var now = DateTimeOffset.UtcNow;
        var url = SigV4Signer.PresignUrl(new Uri("wss://127.0.0.1:8443"), [new("X-Amz-ChannelARN", arn), new("X-Amz-ClientId", "viewer-1")],
            credential.ToAwsCredentials(), "us-east-1", "kinesisvideo", now, TimeSpan.FromSeconds(299));
        var request = new SigV4Request("GET", "/", SigV4Request.ParseQueryString(url.Query), [new("host", "127.0.0.1:8443")],
            SigV4Algorithm.EmptyPayloadSha256);
        const int iterations = 20_000;
        for (var i = 0; i < 2_000; i++)
        {
            verifier.Verify(request, now);
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            if (!verifier.Verify(request, now).Succeeded)
            {
                throw new InvalidOperationException("verification failed");
            }
        }
        report.Figure("signaling_presigned_url_verify_us", watch.Elapsed.TotalMicroseconds / iterations, "us");
        report.Note("presigned WSS URL with a scoped credential: token HMAC, key derivation, SigV4 recomputation");
    }

    private static async Task MeasureRelayAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var app = SignalingHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Signaling:Port"] = "0",
                ["Signaling:AccessKeyId"] = Operator.AccessKeyId,
                ["Signaling:SecretAccessKey"] = Operator.SecretAccessKey,
                ["Signaling:ScopedCredentialRootKey"] = RootKey,
                ["Signaling:MessagesPerSecond"] = "100000",
                ["Signaling:MessageBurst"] = "100000",
                ["Signaling:SendQueueCapacity"] = "10000",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        try
        {
            var port = new Uri(SignalingHost.BoundUrls(app).Single()).Port;
            using var control = new KvsControlPlaneClient(
                new KvsClientOptions { Endpoint = new Uri($"https://127.0.0.1:{port}"), ServerCertificateValidation = (_, _, _, _) => true },
                new StaticCredentialsSource(Operator));
            var arn = await control.CreateSignalingChannelAsync("bench-" + Guid.NewGuid().ToString("N"), cancellationToken: cancellationToken);
            await using var master = await ConnectAsync(port, arn, ChannelRole.Master, null, cancellationToken);
            await using var viewer = await ConnectAsync(port, arn, ChannelRole.Viewer, "viewer-0", cancellationToken);
            await MeasureLatencyAsync(report, master, viewer, cancellationToken);
            await MeasureFanOutAsync(report, port, arn, master, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Viewer → service → master, one message at a time.</summary>
    private static async Task MeasureLatencyAsync(BenchReport report, KvsSignalingClient master, KvsSignalingClient viewer,
        CancellationToken cancellationToken)
    {
        var received = master.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var samples = new List<double>();
        for (var i = 0; i < 1_100; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await viewer.SendIceCandidateAsync("candidate:" + i, "0", 0, cancellationToken: cancellationToken);
            if (!await received.MoveNextAsync())
            {
                throw new InvalidOperationException("master connection closed");
            }
            if (i >= 100)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        samples.Sort();
        report.Figure("signaling_relay_latency_p50_ms", samples[samples.Count / 2], "ms");
        report.Figure("signaling_relay_latency_p99_ms", samples[(int)(samples.Count * 0.99)], "ms");
        await received.DisposeAsync();
    }

    /// <summary>The master answers 200 viewers as fast as it can; time until every viewer has its answers.</summary>
    private static async Task MeasureFanOutAsync(BenchReport report, int port, string arn, KvsSignalingClient master,
        CancellationToken cancellationToken)
    {
        const int viewers = 200, perViewer = 10;
        var clients = new List<KvsSignalingClient>();
        for (var i = 0; i < viewers; i++)
        {
            clients.Add(await ConnectAsync(port, arn, ChannelRole.Viewer, "fan-" + i, cancellationToken));
        }
        var watch = Stopwatch.StartNew();
        var readers = clients.Select(async c =>
        {
            var count = 0;
            await foreach (var _ in c.ReadAllAsync(cancellationToken))
            {
                if (++count == perViewer)
                {
                    return;
                }
            }
        }).ToList();
        for (var round = 0; round < perViewer; round++)
        {
            for (var i = 0; i < viewers; i++)
            {
                await master.SendSdpAnswerAsync("v=0 bench", "fan-" + i, cancellationToken: cancellationToken);
            }
        }
        await Task.WhenAll(readers);
        report.Figure("signaling_fanout_messages_per_s", viewers * perViewer / watch.Elapsed.TotalSeconds, "msg/s");
        report.Note($"fan-out: one master, {viewers} viewers, {perViewer} answers each, TLS on loopback");
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private static async Task<KvsSignalingClient> ConnectAsync(int port, string arn, ChannelRole role, string? clientId,
        CancellationToken cancellationToken)
    {
        var client = new KvsSignalingClient(new SignalingClientOptions
        {
            ChannelEndpoint = new Uri($"wss://127.0.0.1:{port}"),
            ChannelArn = arn,
            Role = role,
            ClientId = clientId,
            Credentials = new StaticCredentialsSource(Operator),
            ServerCertificateValidation = (_, _, _, _) => true,
        });
        await client.ConnectAsync(cancellationToken);
        return client;
    }
}
