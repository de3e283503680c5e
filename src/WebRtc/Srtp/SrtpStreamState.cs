namespace BroadcastOperator.WebRtc.Srtp;

/// <summary>What a context remembers about one SSRC, in one direction.</summary>
internal sealed class SrtpStreamState
{
    public SrtpStreamState(uint ssrc) => Ssrc = ssrc;

    public uint Ssrc { get; }

    /// <summary>Receive side: SRTP indices seen (its Highest drives rollover estimation).</summary>
    public ReplayWindow RtpWindow;

    /// <summary>Receive side: SRTCP indices seen.</summary>
    public ReplayWindow RtcpWindow;

    /// <summary>Send side: highest SRTP index protected so far, if any.</summary>
    public ulong? HighestSentIndex { get; set; }

    /// <summary>Send side: the SRTCP index for the next packet (31 bits, wraps).</summary>
    public uint NextRtcpIndex { get; set; }
}
