namespace BroadcastOperator.WebRtc.Playout;

/// <summary>How a frame leaving the <see cref="JitterBuffer"/> is to be decoded.</summary>
public enum PlayoutKind
{
    /// <summary>Its own packet arrived in time: decode <see cref="PlayoutFrame.Payload"/>.</summary>
    Packet,

    /// <summary>Lost, but the next packet is here: decode its in-band FEC copy (Opus LBRR) from <see cref="PlayoutFrame.Payload"/>.</summary>
    Fec,

    /// <summary>Lost and nothing to rebuild it from: conceal (Opus PLC) <see cref="PlayoutFrame.Samples"/> samples.</summary>
    Concealed,
}

/// <summary>One frame due for decoding; <see cref="Payload"/> points into the buffer and is valid until the next call.</summary>
public readonly ref struct PlayoutFrame(PlayoutKind kind, ReadOnlySpan<byte> payload, int samples, ushort sequenceNumber)
{
    public PlayoutKind Kind { get; } = kind;

    public ReadOnlySpan<byte> Payload { get; } = payload;

    /// <summary>The frame's duration in RTP clock samples (for FEC and concealment, the frame size to decode).</summary>
    public int Samples { get; } = samples;

    public ushort SequenceNumber { get; } = sequenceNumber;
}

/// <summary>What <see cref="JitterBuffer.Insert"/> did with a packet.</summary>
public enum JitterInsertResult
{
    Buffered,

    /// <summary>Already buffered: dropped.</summary>
    Duplicate,

    /// <summary>Its frame was already played, rebuilt or concealed: dropped.</summary>
    Late,

    /// <summary>A sequence jump: the buffer started over with this packet (a new sender).</summary>
    NewStream,

    /// <summary>Larger than <see cref="JitterBufferOptions.MaxPayload"/>: dropped.</summary>
    TooLarge,
}
