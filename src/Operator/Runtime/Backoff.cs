namespace BroadcastOperator.Operator.Runtime;

/// <summary>
/// Exponential backoff with jitter: base·2^(failures-1), capped, then scaled by a random factor in
/// [0.5, 1.0] so that many keys failing together (API server restart) do not retry in lockstep.
/// </summary>
public sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(raw * (0.5 + _random() / 2));
    }
}
