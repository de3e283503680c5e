namespace BroadcastOperator.Signaling.Channels;

/// <summary>Why a registry operation did not happen; mapped to AWS error types by the API.</summary>
public enum ChannelRegistryError
{
    None,
    NotFound,
    AlreadyExists,
    VersionMismatch,
    ChannelLimitExceeded,
    TagLimitExceeded,
}

public readonly record struct ChannelRegistryResult(ChannelRegistryError Error, SignalingChannel? Channel)
{
    public static ChannelRegistryResult Ok(SignalingChannel channel) => new(ChannelRegistryError.None, channel);

    public static ChannelRegistryResult Fail(ChannelRegistryError error) => new(error, null);
}
