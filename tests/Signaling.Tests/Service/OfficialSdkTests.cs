using System.Text.Json;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Tests.Fixtures;

namespace BroadcastOperator.Signaling.Tests.Service;

/// <summary>
/// The official npm SDKs, unchanged, against our service: `amazon-kinesis-video-streams-webrtc`
/// (SignalingClient, in Node with `ws`) and `@aws-sdk/client-kinesis-video` (control plane).
/// </summary>
[Collection(SignalingServiceCollection.Name)]
public sealed class OfficialSdkTests(SignalingServiceFixture service)
{
    [SkippableFact]
    public async Task Sdk_master_and_sdk_viewer_exchange_offer_answer_and_candidates()
    {
        await RequireNodeAsync();
        var arn = await service.CreateChannelAsync("sdk");
        await using var master = NodeSdk.Start("kvs-peer.js", PeerConfig(arn, "MASTER", null, Operator()));
        await master.NextAsync("open");
        await using var viewer = NodeSdk.Start("kvs-peer.js", PeerConfig(arn, "VIEWER", "node-viewer", Operator()));

        var offer = await master.NextAsync("sdpOffer");
        var viewerCandidate = await master.NextAsync("iceCandidate");
        var answer = await viewer.NextAsync("sdpAnswer");
        var masterCandidate = await viewer.NextAsync("iceCandidate");

        Assert.Equal("node-viewer", offer.GetProperty("from").GetString());
        Assert.Equal("v=0 offer from node viewer", offer.GetProperty("sdp").GetString());
        Assert.EndsWith("50002 typ host", viewerCandidate.GetProperty("candidate").GetString());
        Assert.Equal("v=0 answer from node master", answer.GetProperty("sdp").GetString());
        Assert.EndsWith("50001 typ host", masterCandidate.GetProperty("candidate").GetString());
    }

    [SkippableFact]
    public async Task Sdk_viewer_with_a_scoped_credential_talks_to_our_csharp_master()
    {
        await RequireNodeAsync();
        var arn = await service.CreateChannelAsync("sdk");
        await using var master = await service.ConnectAsync(arn, ChannelRole.Master,
            credentials: service.Issuer.Issue(arn, ChannelRole.Master, "speaker").ToAwsCredentials());
        var scoped = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-9");
        await using var viewer = NodeSdk.Start("kvs-peer.js", PeerConfig(arn, "VIEWER", "listener-9", new
        {
            accessKeyId = scoped.AccessKeyId,
            secretAccessKey = scoped.SecretAccessKey,
            sessionToken = scoped.SessionToken,
        }));

        var offer = await master.NextAsync(SignalingMessageTypes.SdpOffer);
        await master.NextAsync(SignalingMessageTypes.IceCandidate);
        await master.SendSdpAnswerAsync("v=0 answer from csharp", offer.SenderClientId);
        await master.SendIceCandidateAsync("candidate:9 1 udp 1 127.0.0.1 9 typ host", "0", 0, offer.SenderClientId);
        var answer = await viewer.NextAsync("sdpAnswer");
        var candidate = await viewer.NextAsync("iceCandidate");

        Assert.Equal("listener-9", offer.SenderClientId);
        Assert.Equal("v=0 offer from node viewer", offer.Sdp);
        Assert.Equal("v=0 answer from csharp", answer.GetProperty("sdp").GetString());
        Assert.Equal("candidate:9 1 udp 1 127.0.0.1 9 typ host", candidate.GetProperty("candidate").GetString());
    }

    [SkippableFact]
    public async Task Our_csharp_viewer_talks_to_the_sdk_master()
    {
        await RequireNodeAsync();
        var arn = await service.CreateChannelAsync("sdk");
        await using var master = NodeSdk.Start("kvs-peer.js", PeerConfig(arn, "MASTER", null, Operator()));
        await master.NextAsync("open");
        await using var viewer = await service.ConnectAsync(arn, ChannelRole.Viewer, "csharp-viewer");

        await viewer.SendSdpOfferAsync("v=0 offer from csharp");
        var answer = await viewer.NextAsync(SignalingMessageTypes.SdpAnswer);
        var candidate = await viewer.NextAsync(SignalingMessageTypes.IceCandidate);
        await viewer.SendIceCandidateAsync("candidate:7 1 udp 1 127.0.0.1 7 typ host", "0", 0);

        Assert.Equal("v=0 answer from node master", answer.Sdp);
        Assert.EndsWith("50001 typ host", candidate.Candidate);
        Assert.Equal("csharp-viewer", (await master.NextAsync("sdpOffer")).GetProperty("from").GetString());
        Assert.Equal("candidate:7 1 udp 1 127.0.0.1 7 typ host", (await master.NextAsync("iceCandidate")).GetProperty("candidate").GetString());
    }

    [SkippableFact]
    public async Task Sdk_viewer_credential_cannot_open_the_master_role()
    {
        await RequireNodeAsync();
        var arn = await service.CreateChannelAsync("sdk");
        var viewerCredential = service.Issuer.Issue(arn, ChannelRole.Viewer, "listener-1");
        await using var intruder = NodeSdk.Start("kvs-peer.js", PeerConfig(arn, "MASTER", null, new
        {
            accessKeyId = viewerCredential.AccessKeyId,
            secretAccessKey = viewerCredential.SecretAccessKey,
            sessionToken = viewerCredential.SessionToken,
        }));

        var error = await intruder.NextAsync("error");

        Assert.Contains("403", error.GetProperty("message").GetString());
    }

    [SkippableFact]
    public async Task Aws_sdk_v3_drives_the_whole_control_plane_and_gets_aws_shaped_errors()
    {
        await RequireNodeAsync();
        var name = $"awssdk-{Guid.NewGuid():N}";
        await using var script = NodeSdk.Start("control-plane.js", new
        {
            endpoint = service.Endpoint.ToString().TrimEnd('/'),
            region = SignalingServiceFixture.Region,
            credentials = Operator(),
            channelName = name,
        });

        var result = await script.NextAsync(timeout: TimeSpan.FromSeconds(60));

        Assert.False(result.TryGetProperty("fatal", out var fatal), fatal.ToString());
        var arn = result.GetProperty("arn").GetString();
        Assert.Matches($"^arn:aws:kinesisvideo:us-east-1:111122223333:channel/{name}/[0-9]+$", arn);
        Assert.Equal(arn, result.GetProperty("describedArn").GetString());
        Assert.Equal("ACTIVE", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("creationTimeIsDate").GetBoolean());
        Assert.Equal([name], result.GetProperty("listedNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([name, name + "-a", name + "-b"], result.GetProperty("pagedNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(service.WssEndpoint.ToString().TrimEnd('/'), result.GetProperty("endpointsVIEWER").GetProperty("WSS").GetString());
        Assert.Equal(service.Endpoint.ToString().TrimEnd('/'), result.GetProperty("endpointsMASTER").GetProperty("HTTPS").GetString());
        Assert.Equal("es", result.GetProperty("tags").GetProperty("language").GetString());
        Assert.Equal("s-1", result.GetProperty("tags").GetProperty("session").GetString());
        AssertError(result, "missing", "ResourceNotFoundException", 404);
        AssertError(result, "duplicate", "ResourceInUseException", 400);
        AssertError(result, "versionConflict", "VersionMismatchException", 400);
        AssertError(result, "afterDelete", "ResourceNotFoundException", 404);
        AssertError(result, "forged", "InvalidSignatureException", 403);
    }

    private static void AssertError(JsonElement result, string property, string name, int status)
    {
        var error = result.GetProperty(property);
        Assert.Equal(JsonValueKind.Object, error.ValueKind);
        Assert.Equal(name, error.GetProperty("name").GetString());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
    }

    private object PeerConfig(string arn, string role, string? clientId, object credentials) => new
    {
        channelARN = arn,
        channelEndpoint = service.WssEndpoint.ToString().TrimEnd('/'),
        role,
        clientId,
        region = SignalingServiceFixture.Region,
        credentials,
    };

    private static object Operator() => new
    {
        accessKeyId = SignalingServiceFixture.Operator.AccessKeyId,
        secretAccessKey = SignalingServiceFixture.Operator.SecretAccessKey,
    };

    private static async Task RequireNodeAsync()
    {
        var missing = NodeSdk.MissingToolReason();
        Skip.If(missing is not null, missing);
        await NodeSdk.EnsureInstalledAsync();
    }
}
