namespace BroadcastOperator.Aws;

/// <summary>Fixed credentials: configuration, or a scoped credential minted by SessionApi.</summary>
public sealed class StaticCredentialsSource(AwsCredentials credentials) : IAwsCredentialsSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
