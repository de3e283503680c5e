namespace BroadcastOperator.TestSupport.NetLab;

/// <summary>
/// What one direction of an <see cref="ImpairedUdpRelay"/> does to datagrams. All randomness comes from
/// <see cref="Seed"/>, so a run is reproducible: the same datagrams in the same order meet the same fate.
/// </summary>
public sealed record Impairment
{
    /// <summary>A perfect link.</summary>
    public static readonly Impairment None = new();

    /// <summary>Independent random loss, 0–100.</summary>
    public double LossPercent { get; init; }

    /// <summary>
    /// Bursty loss (Gilbert–Elliott): when set, <see cref="LossPercent"/> applies in the good state and
    /// every datagram is lost in the bad state.
    /// </summary>
    public GilbertElliott? Bursts { get; init; }

    /// <summary>Fixed one-way delay.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Extra delay drawn uniformly from [0, Jitter] per datagram; datagrams may overtake each other.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Share of datagrams, 0–100, held back by <see cref="ReorderDelay"/> so later ones overtake them.</summary>
    public double ReorderPercent { get; init; }

    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Share of datagrams, 0–100, delivered twice.</summary>
    public double DuplicatePercent { get; init; }

    /// <summary>Link rate in bits per second (0: unlimited); datagrams queue behind each other at this rate.</summary>
    public long RateBitsPerSecond { get; init; }

    /// <summary>With a rate limit: a datagram that would wait longer than this in the queue is dropped (tail drop).</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public int Seed { get; init; } = 1;

    public override string ToString() =>
        FormattableString.Invariant($"loss {LossPercent}%{(Bursts is null ? "" : " bursty " + Bursts)}, delay {Delay.TotalMilliseconds} ms, jitter {Jitter.TotalMilliseconds} ms, reorder {ReorderPercent}%, duplicate {DuplicatePercent}%, rate {RateBitsPerSecond} bit/s, seed {Seed}");
}

/// <summary>
/// The two-state loss model: from good to bad with probability <see cref="GoodToBad"/> per datagram, back with
/// <see cref="BadToGood"/>. Mean burst length is 1 / BadToGood; the long-run loss share is p / (p + r).
/// </summary>
public sealed record GilbertElliott(double GoodToBad, double BadToGood)
{
    /// <summary>Bursts averaging <paramref name="meanBurst"/> datagrams for a long-run loss of <paramref name="lossPercent"/>.</summary>
    public static GilbertElliott ForLoss(double lossPercent, double meanBurst)
    {
        var r = 1 / meanBurst;
        var share = lossPercent / 100;
        return new GilbertElliott(share * r / (1 - share), r);
    }

    public override string ToString() => FormattableString.Invariant($"p={GoodToBad:0.####} r={BadToGood:0.###}");
}
