namespace BroadcastOperator.Aws;

/// <summary>How <see cref="AwsJsonClient"/> retries throttling, server errors, dropped connections and slow answers.</summary>
public sealed record AwsRetryOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The median delay before the first retry; it doubles with each further one, with jitter.</summary>
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one attempt may wait for the response headers.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
