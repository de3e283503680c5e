using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>Mints credentials scoped to one channel and role, for one channel provider.</summary>
public interface ISignalingCredentialProvider
{
    ChannelProvider Provider { get; }

    Task<IssuedCredentials> IssueAsync(SignalingCredentialRequest request, CancellationToken cancellationToken);
}
