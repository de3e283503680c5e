namespace BroadcastOperator.Aws;

/// <summary>An AWS access key pair, with the session token when the key is temporary.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
