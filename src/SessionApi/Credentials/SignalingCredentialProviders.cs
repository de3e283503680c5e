using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>Picks the provider matching a session's channelProvider.</summary>
public sealed class SignalingCredentialProviders(IEnumerable<ISignalingCredentialProvider> providers)
{
    private readonly Dictionary<ChannelProvider, ISignalingCredentialProvider> _byProvider = providers.ToDictionary(p => p.Provider);

    public ISignalingCredentialProvider For(ChannelProvider provider) =>
        _byProvider.TryGetValue(provider, out var found)
            ? found
            : throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Channel provider not configured",
                $"This SessionApi cannot issue credentials for '{provider}' channels");
}
