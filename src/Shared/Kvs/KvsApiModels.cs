using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Kvs;

// Request and response bodies of the KVS control-plane REST-JSON API (member names as AWS spells them): the one
// description of the wire, which the embedded signaling service serves and KvsControlPlaneClient sends. Members a
// real KVS may leave out are nullable.

public sealed record KvsTag(string? Key, string? Value);

public sealed record SingleMasterConfiguration(int? MessageTtlSeconds);

public sealed record CreateSignalingChannelRequest(string? ChannelName, string? ChannelType,
    SingleMasterConfiguration? SingleMasterConfiguration, List<KvsTag>? Tags);

public sealed record CreateSignalingChannelResponse(string? ChannelARN);

public sealed record DescribeSignalingChannelRequest(string? ChannelName, string? ChannelARN);

public sealed record ChannelInfo(string? ChannelName, string? ChannelARN, string? ChannelType, string? ChannelStatus,
    double? CreationTime, SingleMasterConfiguration? SingleMasterConfiguration, string? Version);

public sealed record DescribeSignalingChannelResponse(ChannelInfo? ChannelInfo);

public sealed record ChannelNameCondition(string? ComparisonOperator, string? ComparisonValue);

public sealed record ListSignalingChannelsRequest(int? MaxResults, string? NextToken, ChannelNameCondition? ChannelNameCondition);

public sealed record ListSignalingChannelsResponse(List<ChannelInfo>? ChannelInfoList, string? NextToken);

public sealed record SingleMasterChannelEndpointConfiguration(List<string>? Protocols, string? Role);

public sealed record GetSignalingChannelEndpointRequest(string? ChannelARN,
    SingleMasterChannelEndpointConfiguration? SingleMasterChannelEndpointConfiguration);

public sealed record ResourceEndpointListItem(string? Protocol, string? ResourceEndpoint);

public sealed record GetSignalingChannelEndpointResponse(List<ResourceEndpointListItem>? ResourceEndpointList);

public sealed record DeleteSignalingChannelRequest(string? ChannelARN, string? CurrentVersion);

public sealed record UpdateSignalingChannelRequest(string? ChannelARN, string? CurrentVersion,
    SingleMasterConfiguration? SingleMasterConfiguration);

public sealed record TagResourceRequest(string? ResourceARN, List<KvsTag>? Tags);

public sealed record UntagResourceRequest(string? ResourceARN, List<string>? TagKeyList);

public sealed record ListTagsForResourceRequest(string? ResourceARN, string? NextToken);

public sealed record ListTagsForResourceResponse(Dictionary<string, string> Tags, string? NextToken);

public sealed record GetIceServerConfigRequest(string? ChannelARN, string? ClientId, string? Service, string? Username);

public sealed record IceServer(List<string>? Uris, string? Username, string? Password, int? Ttl);

public sealed record GetIceServerConfigResponse(List<IceServer>? IceServerList);

public sealed record EmptyResponse;

/// <summary>The JSON body of an AWS REST-JSON error; the type travels in the x-amzn-ErrorType header.</summary>
public sealed record AwsErrorBody([property: JsonPropertyName("message")] string Message);
