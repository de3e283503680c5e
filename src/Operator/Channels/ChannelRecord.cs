namespace BroadcastOperator.Operator.Channels;

/// <summary>Where one role reaches a channel.</summary>
public sealed record ChannelEndpointPair(string? Wss, string? Https);

/// <summary>
/// A signaling channel as the provider reports it. Endpoints are per role: the speaker is MASTER of
/// the source channel, the worker MASTER of each language channel, listeners VIEWERs.
/// </summary>
public sealed record ChannelRecord(string Name, string Arn, bool Active, ChannelEndpointPair? Master, ChannelEndpointPair? Viewer);
