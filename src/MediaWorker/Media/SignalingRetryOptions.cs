namespace BroadcastOperator.MediaWorker.Media;

/// <summary>How long and how often <see cref="SignalingRetryScheduler"/> re-sends what signaling refused.</summary>
public sealed record SignalingRetryOptions
{
    /// <summary>
    /// How long a message is kept from its first send: refused ones are re-sent within it and given up
    /// after it; unrefused ones are presumed delivered after it. For an answer: the offer's lifetime.
    /// </summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The backoff after the first refusal; it doubles with each further one, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Messages kept at most; past it the oldest is let go (given up if it was refused).</summary>
    public int Capacity { get; init; } = 2048;
}
