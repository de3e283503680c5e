using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Shared.Kvs;

/// <summary>
/// The KVS signaling control plane (REST-JSON over HTTPS POST, SigV4 service `kinesisvideo`), over the shared
/// <see cref="AwsJsonClient"/> and the wire models the embedded service serves (KvsApiModels.cs). The same
/// code talks to Amazon KVS and to the embedded Signaling service; only the endpoint differs. Errors come back as
/// <see cref="AwsServiceException"/> with the AWS error type.
/// </summary>
public sealed class KvsControlPlaneClient : IDisposable
{
    /// <summary>KVS as data: SigV4 name and endpoint prefix `kinesisvideo`, REST-JSON.</summary>
    public static readonly AwsJsonService Service = new("kinesisvideo", "kinesisvideo", AwsJsonProtocol.RestJson);

    private readonly HttpClient _http;
    private readonly AwsJsonClient _client;

    public KvsControlPlaneClient(KvsClientOptions options, IAwsCredentialsSource credentials, HttpMessageHandler? innerHandler = null)
    {
        var handler = innerHandler ?? new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = options.ServerCertificateValidation },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client = new AwsJsonClient(_http, Service, options.Region, options.ResolveEndpoint(), credentials, options.ToRetryOptions());
    }

    /// <summary>Creates a SINGLE_MASTER channel and returns its ARN.</summary>
    public async Task<string> CreateSignalingChannelAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        int? messageTtlSeconds = null, CancellationToken cancellationToken = default)
    {
        var request = new CreateSignalingChannelRequest(name, "SINGLE_MASTER",
            messageTtlSeconds is { } ttl ? new SingleMasterConfiguration(ttl) : null,
            tags is { Count: > 0 } ? tags.Select(t => new KvsTag(t.Key, t.Value)).ToList() : null);
        var response = await _client.InvokeAsync("/createSignalingChannel", request, KvsJsonContext.Default.CreateSignalingChannelRequest,
            KvsJsonContext.Default.CreateSignalingChannelResponse, cancellationToken);
        return response.ChannelARN ?? throw AwsServiceException.Malformed(Service.SigningName, "ChannelARN");
    }

    /// <summary>The channel, or null when it does not exist. Give the name or the ARN.</summary>
    public async Task<KvsChannelInfo?> DescribeSignalingChannelAsync(string? name = null, string? arn = null,
        CancellationToken cancellationToken = default)
    {
        var request = new DescribeSignalingChannelRequest(arn is null ? name : null, arn);
        try
        {
            var response = await _client.InvokeAsync("/describeSignalingChannel", request,
                KvsJsonContext.Default.DescribeSignalingChannelRequest, KvsJsonContext.Default.DescribeSignalingChannelResponse,
                cancellationToken);
            return ToInfo(response.ChannelInfo ?? throw AwsServiceException.Malformed(Service.SigningName, "ChannelInfo"));
        }
        catch (AwsServiceException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Every channel (following NextToken), optionally those whose names begin with a prefix.</summary>
    public async Task<IReadOnlyList<KvsChannelInfo>> ListSignalingChannelsAsync(string? namePrefix = null,
        CancellationToken cancellationToken = default)
    {
        var channels = new List<KvsChannelInfo>();
        string? next = null;
        do
        {
            var request = new ListSignalingChannelsRequest(1000, next,
                namePrefix is null ? null : new ChannelNameCondition("BEGINS_WITH", namePrefix));
            var response = await _client.InvokeAsync("/listSignalingChannels", request,
                KvsJsonContext.Default.ListSignalingChannelsRequest, KvsJsonContext.Default.ListSignalingChannelsResponse,
                cancellationToken);
            channels.AddRange((response.ChannelInfoList ?? []).Select(ToInfo));
            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return channels;
    }

    /// <summary>The WSS and HTTPS endpoints of a channel for a role.</summary>
    public async Task<KvsChannelEndpoints> GetSignalingChannelEndpointAsync(string channelArn, ChannelRole role,
        CancellationToken cancellationToken = default)
    {
        var request = new GetSignalingChannelEndpointRequest(channelArn,
            new SingleMasterChannelEndpointConfiguration(["WSS", "HTTPS"], role.ToWire()));
        var response = await _client.InvokeAsync("/getSignalingChannelEndpoint", request,
            KvsJsonContext.Default.GetSignalingChannelEndpointRequest, KvsJsonContext.Default.GetSignalingChannelEndpointResponse,
            cancellationToken);
        Uri? wss = null, https = null;
        foreach (var item in response.ResourceEndpointList ?? [])
        {
            switch (item.Protocol)
            {
                case "WSS" when item.ResourceEndpoint is not null: wss = new Uri(item.ResourceEndpoint); break;
                case "HTTPS" when item.ResourceEndpoint is not null: https = new Uri(item.ResourceEndpoint); break;
            }
        }
        return new KvsChannelEndpoints(role, wss, https);
    }

    /// <summary>Deletes a channel; with <paramref name="currentVersion"/> only if it still has that version.</summary>
    public Task DeleteSignalingChannelAsync(string channelArn, string? currentVersion = null, CancellationToken cancellationToken = default) =>
        _client.InvokeAsync("/deleteSignalingChannel", new DeleteSignalingChannelRequest(channelArn, currentVersion),
            KvsJsonContext.Default.DeleteSignalingChannelRequest, KvsJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>TURN/STUN servers for a client, from the channel's HTTPS endpoint.</summary>
    public async Task<IReadOnlyList<KvsIceServer>> GetIceServerConfigAsync(Uri httpsEndpoint, string channelArn, string clientId,
        CancellationToken cancellationToken = default)
    {
        var response = await _client.InvokeAsync("/v1/get-ice-server-config", new GetIceServerConfigRequest(channelArn, clientId, "TURN", null),
            KvsJsonContext.Default.GetIceServerConfigRequest, KvsJsonContext.Default.GetIceServerConfigResponse, cancellationToken,
            endpoint: httpsEndpoint);
        return (response.IceServerList ?? []).Select(s => new KvsIceServer(s.Uris ?? [], s.Username, s.Password, s.Ttl)).ToList();
    }

    public void Dispose() => _http.Dispose();

    private static KvsChannelInfo ToInfo(ChannelInfo info) => new(
        info.ChannelName ?? "",
        info.ChannelARN ?? "",
        info.ChannelType ?? "",
        info.ChannelStatus ?? "",
        DateTimeOffset.FromUnixTimeMilliseconds((long)((info.CreationTime ?? 0) * 1000)),
        info.Version ?? "",
        info.SingleMasterConfiguration?.MessageTtlSeconds);
}
