using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Channels;

/// <summary>One signaling channel as the control plane knows it (immutable; updates replace it).</summary>
public sealed record SignalingChannel(
    ChannelArn Arn,
    string ChannelType,
    DateTimeOffset CreationTime,
    string Version,
    int MessageTtlSeconds,
    IReadOnlyDictionary<string, string> Tags)
{
    public const string SingleMaster = "SINGLE_MASTER";
    public const string StatusActive = "ACTIVE";
    public const int DefaultMessageTtlSeconds = 60;

    public string Name => Arn.ChannelName;

    public string ArnText { get; } = Arn.ToString();
}
