using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Shared.Kvs;

/// <summary>
/// The KVS signaling control plane (REST-JSON over HTTPS POST, SigV4 service `kinesisvideo`). The
/// same code talks to Amazon KVS and to the embedded Signaling service; only the endpoint differs.
/// Errors come back as <see cref="KvsException"/> with the AWS error type.
/// </summary>
public sealed class KvsControlPlaneClient : IDisposable
{
    public const string Service = "kinesisvideo";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    public KvsControlPlaneClient(KvsClientOptions options, IAwsCredentialsSource credentials, HttpMessageHandler? innerHandler = null)
    {
        var inner = innerHandler ?? new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = options.ServerCertificateValidation },
        };
        _http = new HttpClient(new SigV4SigningHandler(credentials, options.Region, Service) { InnerHandler = inner })
        {
            Timeout = options.Timeout,
        };
        _endpoint = options.ResolveEndpoint();
    }

    /// <summary>Creates a SINGLE_MASTER channel and returns its ARN.</summary>
    public async Task<string> CreateSignalingChannelAsync(string name, IReadOnlyDictionary<string, string>? tags = null,
        int? messageTtlSeconds = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["ChannelName"] = name, ["ChannelType"] = "SINGLE_MASTER" };
        if (messageTtlSeconds is { } ttl)
        {
            body["SingleMasterConfiguration"] = new JsonObject { ["MessageTtlSeconds"] = ttl };
        }
        if (tags is { Count: > 0 })
        {
            body["Tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value }).ToArray());
        }
        var response = await PostAsync(_endpoint, "/createSignalingChannel", body, cancellationToken);
        return response["ChannelARN"]?.GetValue<string>() ?? throw Malformed("ChannelARN");
    }

    /// <summary>The channel, or null when it does not exist. Give the name or the ARN.</summary>
    public async Task<KvsChannelInfo?> DescribeSignalingChannelAsync(string? name = null, string? arn = null,
        CancellationToken cancellationToken = default)
    {
        var body = arn is not null ? new JsonObject { ["ChannelARN"] = arn } : new JsonObject { ["ChannelName"] = name };
        try
        {
            var response = await PostAsync(_endpoint, "/describeSignalingChannel", body, cancellationToken);
            return ParseInfo(response["ChannelInfo"] ?? throw Malformed("ChannelInfo"));
        }
        catch (KvsException e) when (e.IsNotFound)
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
            var body = new JsonObject { ["MaxResults"] = 1000 };
            if (namePrefix is not null)
            {
                body["ChannelNameCondition"] = new JsonObject { ["ComparisonOperator"] = "BEGINS_WITH", ["ComparisonValue"] = namePrefix };
            }
            if (next is not null)
            {
                body["NextToken"] = next;
            }
            var response = await PostAsync(_endpoint, "/listSignalingChannels", body, cancellationToken);
            channels.AddRange((response["ChannelInfoList"]?.AsArray() ?? []).Select(n => ParseInfo(n!)));
            next = response["NextToken"]?.GetValue<string>();
        }
        while (!string.IsNullOrEmpty(next));
        return channels;
    }

    /// <summary>The WSS and HTTPS endpoints of a channel for a role.</summary>
    public async Task<KvsChannelEndpoints> GetSignalingChannelEndpointAsync(string channelArn, ChannelRole role,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["ChannelARN"] = channelArn,
            ["SingleMasterChannelEndpointConfiguration"] = new JsonObject
            {
                ["Protocols"] = new JsonArray("WSS", "HTTPS"),
                ["Role"] = role.ToWire(),
            },
        };
        var response = await PostAsync(_endpoint, "/getSignalingChannelEndpoint", body, cancellationToken);
        Uri? wss = null, https = null;
        foreach (var item in response["ResourceEndpointList"]?.AsArray() ?? [])
        {
            var url = item?["ResourceEndpoint"]?.GetValue<string>();
            switch (item?["Protocol"]?.GetValue<string>())
            {
                case "WSS" when url is not null: wss = new Uri(url); break;
                case "HTTPS" when url is not null: https = new Uri(url); break;
            }
        }
        return new KvsChannelEndpoints(role, wss, https);
    }

    /// <summary>Deletes a channel; with <paramref name="currentVersion"/> only if it still has that version.</summary>
    public Task DeleteSignalingChannelAsync(string channelArn, string? currentVersion = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["ChannelARN"] = channelArn };
        if (currentVersion is not null)
        {
            body["CurrentVersion"] = currentVersion;
        }
        return PostAsync(_endpoint, "/deleteSignalingChannel", body, cancellationToken);
    }

    /// <summary>TURN/STUN servers for a client, from the channel's HTTPS endpoint.</summary>
    public async Task<IReadOnlyList<KvsIceServer>> GetIceServerConfigAsync(Uri httpsEndpoint, string channelArn, string clientId,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["ChannelARN"] = channelArn, ["ClientId"] = clientId, ["Service"] = "TURN" };
        var response = await PostAsync(httpsEndpoint, "/v1/get-ice-server-config", body, cancellationToken);
        return (response["IceServerList"]?.AsArray() ?? []).Select(n => new KvsIceServer(
            (n?["Uris"]?.AsArray() ?? []).Select(u => u!.GetValue<string>()).ToList(),
            n?["Username"]?.GetValue<string>(), n?["Password"]?.GetValue<string>(), n?["Ttl"]?.GetValue<int>())).ToList();
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> PostAsync(Uri endpoint, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri(endpoint, path), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw ToException(response, text);
        }
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            throw Malformed("JSON body");
        }
    }

    private static KvsException ToException(HttpResponseMessage response, string text)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First() : null;
        string? message = null;
        try
        {
            var json = JsonNode.Parse(text);
            type ??= json?["__type"]?.GetValue<string>() ?? json?["code"]?.GetValue<string>();
            message = json?["message"]?.GetValue<string>() ?? json?["Message"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }
        type = (type ?? "UnknownError").Split(':')[0].Split('#')[^1];
        return new KvsException((int)response.StatusCode, type, message ?? text);
    }

    private static KvsChannelInfo ParseInfo(JsonNode node) => new(
        node["ChannelName"]?.GetValue<string>() ?? "",
        node["ChannelARN"]?.GetValue<string>() ?? "",
        node["ChannelType"]?.GetValue<string>() ?? "",
        node["ChannelStatus"]?.GetValue<string>() ?? "",
        DateTimeOffset.FromUnixTimeMilliseconds((long)((node["CreationTime"]?.GetValue<double>() ?? 0) * 1000)),
        node["Version"]?.GetValue<string>() ?? "",
        node["SingleMasterConfiguration"]?["MessageTtlSeconds"]?.GetValue<int>());

    private static KvsException Malformed(string what) => new(0, "MalformedResponse", $"The response has no valid {what}");
}
