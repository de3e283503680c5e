using BroadcastOperator.SessionApi.Auth;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Signaling;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// Credentials for the embedded signaling service: the shared <see cref="ScopedCredentialIssuer"/> signs the scope
/// into the session token, and Signaling checks it with the same root key, with no call back.
/// </summary>
public sealed class EmbeddedCredentialProvider : ISignalingCredentialProvider
{
    private readonly ScopedCredentialIssuer _issuer;
    private readonly TimeSpan _lifetime;

    public EmbeddedCredentialProvider(IOptions<CredentialOptions> options, IHostEnvironment environment, TimeProvider time)
        : this(RootKeyOf(options.Value, environment.ContentRootPath), TimeSpan.FromSeconds(options.Value.LifetimeSeconds), time)
    {
    }

    public EmbeddedCredentialProvider(string rootKey, TimeSpan lifetime, TimeProvider? time = null)
    {
        _issuer = new ScopedCredentialIssuer(rootKey, time);
        _lifetime = lifetime;
    }

    public ChannelProvider Provider => ChannelProvider.Embedded;

    public Task<IssuedCredentials> IssueAsync(SignalingCredentialRequest request, CancellationToken cancellationToken)
    {
        var credential = _issuer.Issue(request.ChannelArn, request.Role, request.ClientId, _lifetime);
        return Task.FromResult(new IssuedCredentials(credential.AccessKeyId, credential.SecretAccessKey, credential.SessionToken,
            credential.Expiration));
    }

    private static string RootKeyOf(CredentialOptions options, string contentRoot) =>
        options.ScopedCredentialRootKey.Length > 0
            ? options.ScopedCredentialRootKey
            : LocalKeyFile.ReadOrCreate(options.RootKeyFile, contentRoot);
}
