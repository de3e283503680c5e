using BroadcastOperator.Signaling.Options;

namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// How many messages one connection may send: <see cref="Rate"/> a second sustained, at most <see cref="Burst"/>
/// saved up. A viewer has the base allowance. A master answers every viewer of its channel over its one connection,
/// so it has the base plus a share for each viewer connected: KVS holds each master-viewer pair to its connection
/// quotas with at most 10 viewers a channel, while ours may have 1000 and more.
/// </summary>
public readonly record struct MessageAllowance(double Rate, double Burst)
{
    public static MessageAllowance ForViewer(SignalingOptions options) => new(options.MessagesPerSecond, options.MessageBurst);

    public static MessageAllowance ForMaster(SignalingOptions options, int viewers) =>
        new(options.MessagesPerSecond + viewers * options.MasterMessagesPerSecondPerViewer,
            options.MessageBurst + (double)viewers * options.MasterMessageBurstPerViewer);
}
