namespace BroadcastOperator.MediaWorker.Media;

/// <summary>
/// Whether the session still holds the speaker's place. The speaker is present while its audio arrives; one silent
/// for longer than <see cref="AbsentAfter"/> (a cut path, a network change, a reconnecting page) is away, and for the
/// grace period (<c>spec.speakerGracePeriodSeconds</c>) the session waits for it as if it were there: status keeps
/// <c>speakerConnected</c> and the phrase it was speaking stays open, to be continued. Past the grace period the
/// speaker is gone: <see cref="Check"/> says so once per absence, so the worker can close the open phrase.
/// Browsers send audio packets all the time (silence included), so silence on the wire means a lost path.
/// </summary>
public sealed class SpeakerPresence(TimeSpan gracePeriod, TimeProvider? time = null)
{
    /// <summary>Silence on the wire before the speaker counts as away: a few lost packets are not an absence.</summary>
    public static readonly TimeSpan AbsentAfter = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastPacket; // a timestamp of _time, 0 before the first packet
    private bool _goneReported;

    public TimeSpan GracePeriod { get; } = gracePeriod;

    /// <summary>A speaker packet arrived; any thread.</summary>
    public void OnPacket() => Volatile.Write(ref _lastPacket, _time.GetTimestamp());

    /// <summary>Present, or away for no longer than the grace period: what status reports as speakerConnected.</summary>
    public bool Held => State == SpeakerState.Present || State == SpeakerState.Away;

    public SpeakerState State
    {
        get
        {
            var last = Volatile.Read(ref _lastPacket);
            if (last == 0)
            {
                return SpeakerState.NotYetHeard;
            }

            var silent = _time.GetElapsedTime(last);
            return silent < AbsentAfter ? SpeakerState.Present : silent < AbsentAfter + GracePeriod ? SpeakerState.Away : SpeakerState.Gone;
        }
    }

    /// <summary>True the first time it is called after the speaker became gone; false again once it is back. One caller.</summary>
    public bool Check()
    {
        var state = State;
        if (state != SpeakerState.Gone)
        {
            _goneReported = _goneReported && state != SpeakerState.Present;
            return false;
        }

        if (_goneReported)
        {
            return false;
        }

        _goneReported = true;
        return true;
    }
}

public enum SpeakerState
{
    NotYetHeard,
    Present,
    Away,
    Gone,
}
