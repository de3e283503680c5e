namespace BroadcastOperator.MediaWorker.Archive;

/// <summary>
/// Places the speaker's packets on the archive's timeline (48 kHz samples since the first packet) by their RTP timestamps,
/// so a gap left by lost packets is a gap on the timeline too. A new SSRC (the speaker reconnected, timestamps start
/// anywhere) is anchored at the wall-clock time it arrived. Opus over RTP always counts at 48 kHz (RFC 7587 §4.1).
/// </summary>
public sealed class SpeakerTimeline
{
    private uint? _ssrc;
    private uint _anchorTimestamp;
    private long _anchorPosition;

    /// <summary>
    /// Where the packet starts on the timeline; null for one that starts before what is already written (late, duplicate).
    /// </summary>
    /// <param name="written">Samples already written to the speaker's track.</param>
    /// <param name="elapsed">Samples of wall-clock time since the timeline began, for anchoring a new SSRC.</param>
    public long? Place(uint ssrc, uint timestamp, long written, long elapsed)
    {
        if (_ssrc != ssrc)
        {
            _ssrc = ssrc;
            _anchorTimestamp = timestamp;
            _anchorPosition = Math.Max(written, elapsed);
            return _anchorPosition;
        }
        var position = _anchorPosition + unchecked((int)(timestamp - _anchorTimestamp)); // wraps at 2^32 like the timestamp
        return position < written - (OggOpusFrame / 2) ? null : position;
    }

    private const int OggOpusFrame = 960;
}
