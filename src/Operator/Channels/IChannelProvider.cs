namespace BroadcastOperator.Operator.Channels;

/// <summary>The KVS control plane as the reconciler needs it. Implementations are idempotent by channel name.</summary>
public interface IChannelProvider
{
    /// <summary>Every channel whose name begins with <paramref name="prefix"/>, with endpoints for active ones.</summary>
    Task<IReadOnlyList<ChannelRecord>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates the channel unless one of that name exists (describe before create) and returns it.</summary>
    Task<ChannelRecord> EnsureAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>Deletes the channel; a channel already gone is not an error.</summary>
    Task DeleteAsync(ChannelRecord channel, CancellationToken cancellationToken);
}

/// <summary>The provider for each <c>spec.channelProvider</c>; null when this operator has none configured for it.</summary>
public interface IChannelProviderRegistry
{
    IChannelProvider? Get(BroadcastOperator.Shared.Model.ChannelProvider kind);
}
