using Amazon.Runtime;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Where and as whom the cloud adapters call AWS. Credentials default to the SDK's chain (environment,
/// shared profile, container/instance role); <see cref="Endpoint"/> overrides the regional endpoint (tests, proxies).
/// </summary>
public sealed record AwsServiceOptions
{
    public string Region { get; init; } = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";

    public AWSCredentials? Credentials { get; init; }

    public Uri? Endpoint { get; init; }

    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal ImmutableCredentials ResolveCredentials() =>
        (Credentials ?? Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials()).GetCredentials();
}
