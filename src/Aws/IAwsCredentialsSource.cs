namespace BroadcastOperator.Aws;

/// <summary>
/// Where a client gets its (possibly refreshing) credentials from. Asynchronous everywhere: a source may read a
/// file or ask an instance-metadata or STS endpoint, and nothing here blocks a thread on that.
/// </summary>
public interface IAwsCredentialsSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
