using System.Net;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// The check list of a controlling agent with one local candidate (its one UDP socket) and one component (RFC 8445
/// §6.1.2): one pair per remote UDP candidate, ordered by pair priority (§6.1.2.3), checked one new check every
/// <see cref="Pacing"/> (Ta, §14.2). A pair whose check got no answer is checked again every
/// <see cref="RetransmitInterval"/>, for as long as no pair has succeeded: the remote is a lite peer, cheap to ask,
/// and our clients have no other path to try. Nomination is aggressive (every check carries USE-CANDIDATE), so the
/// first pair that succeeds is the nominated one. Frozen states are not needed with a single foundation. Pure but
/// for the times it is given; one caller at a time.
/// </summary>
public sealed class IceCheckList
{
    /// <summary>Ta: at most one check leaves per this interval.</summary>
    public static readonly TimeSpan Pacing = TimeSpan.FromMilliseconds(50);

    /// <summary>How long an unanswered check waits before its pair is checked again.</summary>
    public static readonly TimeSpan RetransmitInterval = TimeSpan.FromMilliseconds(200);

    private readonly List<Pair> _pairs = [];
    private readonly uint _localPriority;
    private TimeSpan? _lastCheck;

    public IceCheckList(uint localPriority)
    {
        _localPriority = localPriority;
    }

    /// <summary>The first pair that succeeded, null until one has.</summary>
    public IPEndPoint? Nominated { get; private set; }

    /// <summary>The remote endpoints in check order (highest pair priority first).</summary>
    public IReadOnlyList<IPEndPoint> Order => _pairs.Select(p => p.Remote).ToList();

    /// <summary>RFC 8445 §6.1.2.3: 2^32·MIN(G,D) + 2·MAX(G,D) + (G&gt;D ? 1 : 0), G the controlling agent's candidate priority.</summary>
    public static ulong PairPriority(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + (2UL * Math.Max(controlling, controlled)) + (controlling > controlled ? 1UL : 0UL);

    /// <summary>Adds the pair for a remote candidate; false when it is already listed.</summary>
    public bool Add(IPEndPoint remote, uint remotePriority)
    {
        if (_pairs.Any(p => p.Remote.Equals(remote)))
        {
            return false;
        }

        var pair = new Pair(remote, PairPriority(_localPriority, remotePriority));
        var at = _pairs.FindIndex(p => p.Priority < pair.Priority); // stable: equal priorities keep the order given
        _pairs.Insert(at < 0 ? _pairs.Count : at, pair);
        return true;
    }

    public bool Contains(IPEndPoint remote) => _pairs.Any(p => p.Remote.Equals(remote));

    /// <summary>
    /// Where the next check goes, or null when none is due (paced, all waiting for answers, or already nominated):
    /// the highest-priority pair not yet checked, else the one whose check has waited longest past the retransmit interval.
    /// </summary>
    public IPEndPoint? NextCheck(TimeSpan now)
    {
        if (Nominated is not null || (_lastCheck is { } last && now - last < Pacing))
        {
            return null;
        }

        var next = _pairs.FirstOrDefault(p => p.LastSent is null)
            ?? _pairs.Where(p => now - p.LastSent!.Value >= RetransmitInterval).MinBy(p => p.LastSent);
        if (next is null)
        {
            return null;
        }

        next.LastSent = now;
        _lastCheck = now;
        return next.Remote;
    }

    /// <summary>An authenticated success from <paramref name="remote"/>: the first one nominates its pair.</summary>
    public bool OnSucceeded(IPEndPoint remote)
    {
        if (Nominated is not null || !Contains(remote))
        {
            return false;
        }

        Nominated = remote;
        return true;
    }

    private sealed class Pair(IPEndPoint remote, ulong priority)
    {
        public IPEndPoint Remote { get; } = remote;

        public ulong Priority { get; } = priority;

        public TimeSpan? LastSent { get; set; }
    }
}
