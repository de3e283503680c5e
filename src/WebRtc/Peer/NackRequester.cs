using BroadcastOperator.WebRtc.Rtcp;

namespace BroadcastOperator.WebRtc.Peer;

/// <summary>
/// The receiving side of generic NACK: notices gaps in the sequence numbers and says which to ask for, at once and
/// again after <see cref="RetryInterval"/> up to <see cref="MaxRequests"/> times, giving up on packets older than
/// <see cref="MaxAge"/> (too late to play). Pure but for the times it is given; used on one thread.
/// </summary>
internal sealed class NackRequester
{
    public const int MaxRequests = 3;
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(60);
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(600);
    private const int MaxMissing = 64;

    private readonly SortedDictionary<long, (TimeSpan Since, TimeSpan? LastAsked, int Asked)> _missing = [];
    private long _highest = -1;

    /// <summary>Sequence numbers asked for so far, and how many were answered in time.</summary>
    public long Requested { get; private set; }

    public void OnReceived(ushort sequenceNumber, TimeSpan now)
    {
        var index = Unwrap(sequenceNumber);
        if (_highest < 0)
        {
            _highest = index;
            return;
        }

        if (index > _highest)
        {
            for (var lost = Math.Max(_highest + 1, index - MaxMissing); lost < index; lost++)
            {
                _missing[lost] = (now, null, 0);
            }

            _highest = index;
        }
        else
        {
            _missing.Remove(index);
        }
    }

    /// <summary>The NACK entries to send now (empty when none).</summary>
    public NackEntry[] Due(TimeSpan now)
    {
        List<ushort>? due = null;
        foreach (var (index, state) in _missing.ToList())
        {
            if (now - state.Since > MaxAge || state.Asked >= MaxRequests || _highest - index > MaxMissing)
            {
                _missing.Remove(index);
            }
            else if (state.LastAsked is not { } asked || now - asked >= RetryInterval)
            {
                (due ??= []).Add((ushort)index);
                _missing[index] = (state.Since, now, state.Asked + 1);
            }
        }

        if (due is null)
        {
            return [];
        }

        Requested += due.Count;
        return Pack(due);
    }

    /// <summary>Packs ascending sequence numbers into PID + bitmask entries (RFC 4585 §6.2.1).</summary>
    internal static NackEntry[] Pack(List<ushort> ascending)
    {
        var entries = new List<NackEntry>();
        var i = 0;
        while (i < ascending.Count)
        {
            var pid = ascending[i++];
            ushort mask = 0;
            while (i < ascending.Count && (ushort)(ascending[i] - pid) is >= 1 and <= 16)
            {
                mask |= (ushort)(1 << ((ushort)(ascending[i] - pid) - 1));
                i++;
            }

            entries.Add(new NackEntry(pid, mask));
        }

        return [.. entries];
    }

    private long Unwrap(ushort sequenceNumber)
    {
        if (_highest < 0)
        {
            return sequenceNumber + 65536L; // room below for packets that arrive late
        }

        var delta = (short)(sequenceNumber - (ushort)_highest);
        return _highest + delta;
    }
}
