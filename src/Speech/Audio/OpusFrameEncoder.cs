using Concentus;
using Concentus.Enums;

namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Encodes 20 ms frames of 48 kHz mono PCM, once per language (listeners of a language share the packets).
/// Concentus uses native libopus only when dlopen("libopus.so") succeeds, i.e. with libopus-dev's symlink
/// (scripts/install-deps.sh installs it); with libopus0 alone (libopus.so.0) the managed port runs.
/// <see cref="CodecVersion"/> says which.
/// </summary>
public sealed class OpusFrameEncoder
{
    public const int SampleRate = 48000;
    public const int FrameSamples = SampleRate / 50;
    public const int MaxPacketBytes = 1275;

    private readonly IOpusEncoder _encoder;

    public OpusFrameEncoder(int bitrate = 32000)
    {
        _encoder = OpusCodecFactory.CreateEncoder(SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
        _encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
    }

    public string CodecVersion => _encoder.GetVersionString();

    /// <summary>Encodes exactly one 20 ms frame; returns the packet length written to <paramref name="packet"/>.</summary>
    public int Encode(ReadOnlySpan<short> frame, Span<byte> packet)
    {
        if (frame.Length != FrameSamples)
        {
            throw new ArgumentException($"An output frame is {FrameSamples} samples (20 ms at 48 kHz).", nameof(frame));
        }

        return _encoder.Encode(frame, FrameSamples, packet, Math.Min(packet.Length, MaxPacketBytes));
    }
}
