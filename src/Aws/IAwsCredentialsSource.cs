namespace BroadcastOperator.Aws;

/// <summary>Where a client gets its (possibly refreshing) credentials from.</summary>
public interface IAwsCredentialsSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

/// <summary>Fixed credentials: configuration, or a scoped credential minted by SessionApi.</summary>
public sealed class StaticCredentialsSource(AwsCredentials credentials) : IAwsCredentialsSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}

/// <summary>
/// The AWS SDK's default chain (environment, shared credentials file and profile, container and
/// instance roles), for talking to real KVS the way any AWS tool would.
/// </summary>
public sealed class AwsSdkCredentialsSource : IAwsCredentialsSource
{
    private readonly Amazon.Runtime.AWSCredentials _credentials;

    public AwsSdkCredentialsSource(Amazon.Runtime.AWSCredentials? credentials = null) =>
        _credentials = credentials ?? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var immutable = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey,
            string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
    }
}
