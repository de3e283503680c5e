using BroadcastOperator.Aws;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Model;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Operator.Channels;

/// <summary>
/// Builds the providers the options configure: embedded (src/Signaling, operator key from its
/// credentials file or the options) and kvs (Amazon KVS, credentials from the AWS SDK chain).
/// </summary>
public sealed class ChannelProviderRegistry : IChannelProviderRegistry, IDisposable
{
    private readonly Lazy<KvsChannelProvider?> _embedded;
    private readonly Lazy<KvsChannelProvider?> _kvs;

    public ChannelProviderRegistry(IOptions<OperatorOptions> options)
    {
        var embedded = options.Value.Embedded;
        var kvs = options.Value.Kvs;
        _embedded = new Lazy<KvsChannelProvider?>(() => embedded.Endpoint is null ? null : new KvsChannelProvider(new KvsControlPlaneClient(
            new KvsClientOptions
            {
                Endpoint = embedded.Endpoint,
                Region = embedded.Region,
                ServerCertificateValidation = embedded.InsecureSkipTlsVerify ? (_, _, _, _) => true : null,
            },
            EmbeddedCredentials(embedded))));
        _kvs = new Lazy<KvsChannelProvider?>(() => string.IsNullOrEmpty(kvs.Region) ? null : new KvsChannelProvider(new KvsControlPlaneClient(
            new KvsClientOptions { Region = kvs.Region }, new AwsSdkCredentialsSource())));
    }

    public IChannelProvider? Get(ChannelProvider kind) => kind switch
    {
        ChannelProvider.Embedded => _embedded.Value,
        ChannelProvider.Kvs => _kvs.Value,
        _ => null,
    };

    public void Dispose()
    {
        if (_embedded.IsValueCreated)
        {
            _embedded.Value?.Dispose();
        }
        if (_kvs.IsValueCreated)
        {
            _kvs.Value?.Dispose();
        }
    }

    private static IAwsCredentialsSource EmbeddedCredentials(EmbeddedSignalingOptions options)
    {
        if (options.AccessKeyId is { Length: > 0 } id && options.SecretAccessKey is { Length: > 0 } secret)
        {
            return new StaticCredentialsSource(new AwsCredentials(id, secret));
        }
        return new SharedCredentialsFileSource(options.CredentialsFile, options.Profile,
            "start the signaling service or set Operator:Embedded:AccessKeyId");
    }
}
