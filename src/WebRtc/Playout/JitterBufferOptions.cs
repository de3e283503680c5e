namespace BroadcastOperator.WebRtc.Playout;

/// <summary>Sizes of a <see cref="JitterBuffer"/>; the defaults suit 20 ms Opus from a browser.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>RTP clock of the stream (Opus: 48 kHz).</summary>
    public int ClockRate { get; init; } = 48000;

    /// <summary>The least time a missing frame is waited for once a later packet is here: one frame, so a reordered neighbour gets in.</summary>
    public TimeSpan MinDepth { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The most it waits, however bad the jitter: what the recognizer's latency can spare.</summary>
    public TimeSpan MaxDepth { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>Target depth = this × the RFC 3550 interarrival jitter, within the bounds above.</summary>
    public double JitterFactor { get; init; } = 3;

    /// <summary>Packets held at most (a power of two); 32 × 20 ms is far more than <see cref="MaxDepth"/>.</summary>
    public int Capacity { get; init; } = 32;

    /// <summary>Largest payload kept (an Opus packet is at most 1275 bytes).</summary>
    public int MaxPayload { get; init; } = 1500;

    /// <summary>A gap of more missing frames than this is skipped rather than concealed (an outage, not loss).</summary>
    public int MaxConcealedGap { get; init; } = 10;

    /// <summary>A sequence jump larger than this starts a new stream (a new sender), not a gap.</summary>
    public int StreamJump { get; init; } = 100;

    public void Validate()
    {
        if (ClockRate <= 0 || MinDepth < TimeSpan.Zero || MaxDepth < MinDepth || JitterFactor < 0 || MaxPayload <= 0
            || Capacity < 4 || (Capacity & (Capacity - 1)) != 0 || MaxConcealedGap < 1 || StreamJump < Capacity)
        {
            throw new ArgumentException($"Invalid jitter buffer options: {this}");
        }
    }
}
