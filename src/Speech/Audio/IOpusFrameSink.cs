namespace BroadcastOperator.Speech.Audio;

/// <summary>Where a jitter buffer's frames go to be decoded, each 48 kHz Opus frame one way or another.</summary>
public interface IOpusFrameSink
{
    /// <summary>A frame's own packet.</summary>
    bool PushOpus(ReadOnlySpan<byte> packet);

    /// <summary>A lost frame, rebuilt from the in-band FEC copy the next packet carries.</summary>
    bool PushOpusFec(ReadOnlySpan<byte> nextPacket, int frameSamples48k);

    /// <summary>A lost frame with nothing to rebuild it from: concealed.</summary>
    bool PushConcealed(int frameSamples48k);
}
