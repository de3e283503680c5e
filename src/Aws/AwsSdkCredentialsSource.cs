using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace BroadcastOperator.Aws;

/// <summary>
/// The AWS SDK's default chain (environment, shared credentials file and profile, container and instance roles),
/// for talking to real AWS the way any AWS tool would. AWSSDK.Core does the resolving and refreshing; the chain is
/// searched on first use, asynchronously, so building a client never fails for want of credentials it may not need.
/// </summary>
public sealed class AwsSdkCredentialsSource(AWSCredentials? credentials = null) : IAwsCredentialsSource
{
    private AWSCredentials? _credentials = credentials;

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        _credentials ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync().ConfigureAwait(false);
        var immutable = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey,
            string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
    }
}
