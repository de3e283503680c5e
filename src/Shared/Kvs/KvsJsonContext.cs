using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Kvs;

/// <summary>Source-generated JSON of the KVS control-plane bodies, for the server and the client alike.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateSignalingChannelRequest))]
[JsonSerializable(typeof(CreateSignalingChannelResponse))]
[JsonSerializable(typeof(DescribeSignalingChannelRequest))]
[JsonSerializable(typeof(DescribeSignalingChannelResponse))]
[JsonSerializable(typeof(ListSignalingChannelsRequest))]
[JsonSerializable(typeof(ListSignalingChannelsResponse))]
[JsonSerializable(typeof(GetSignalingChannelEndpointRequest))]
[JsonSerializable(typeof(GetSignalingChannelEndpointResponse))]
[JsonSerializable(typeof(DeleteSignalingChannelRequest))]
[JsonSerializable(typeof(UpdateSignalingChannelRequest))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
[JsonSerializable(typeof(GetIceServerConfigRequest))]
[JsonSerializable(typeof(GetIceServerConfigResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(AwsErrorBody))]
public sealed partial class KvsJsonContext : JsonSerializerContext;
