using BroadcastOperator.Aws;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Where and as whom the cloud adapters call AWS. Credentials default to the SDK's chain (environment, shared
/// profile, container/instance role), searched on first use; <see cref="Endpoint"/> overrides the regional endpoint
/// (tests, proxies).
/// </summary>
public sealed record AwsServiceOptions
{
    public string Region { get; init; } = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1";

    public IAwsCredentialsSource Credentials { get; init; } = new AwsSdkCredentialsSource();

    public Uri? Endpoint { get; init; }

    public int MaxAttempts { get; init; } = 4;

    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal AwsRetryOptions Retry => new() { MaxAttempts = MaxAttempts, BaseBackoff = BaseBackoff, AttemptTimeout = RequestTimeout };

    internal AwsJsonClient CreateClient(HttpClient http, AwsJsonService service) =>
        new(http, service, Region, Endpoint, Credentials, Retry);
}
