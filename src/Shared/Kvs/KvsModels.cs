using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Shared.Kvs;

/// <summary>A signaling channel as DescribeSignalingChannel / ListSignalingChannels report it.</summary>
public sealed record KvsChannelInfo(string Name, string Arn, string Type, string Status, DateTimeOffset CreationTime,
    string Version, int? MessageTtlSeconds);

/// <summary>The endpoints of a channel for one role (GetSignalingChannelEndpoint).</summary>
public sealed record KvsChannelEndpoints(ChannelRole Role, Uri? Wss, Uri? Https);

/// <summary>One STUN/TURN server (GetIceServerConfig).</summary>
public sealed record KvsIceServer(IReadOnlyList<string> Uris, string? Username, string? Password, int? TtlSeconds);
