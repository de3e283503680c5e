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

    /// <summary>
    /// The loss the encoder plans for until told otherwise: Opus puts a low-bitrate copy of each frame (in-band FEC,
    /// RFC 6716 §2.1.7) into the next packet only when it expects loss, in proportion to it.
    /// </summary>
    public const int DefaultExpectedLossPercent = 5;

    public OpusFrameEncoder(int bitrate = 32000, int expectedLossPercent = DefaultExpectedLossPercent)
    {
        _encoder = OpusCodecFactory.CreateEncoder(SampleRate, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = bitrate;
        _encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
        _encoder.UseInbandFEC = true; // a browser's decoder recovers a lost frame from the next packet (useinbandfec=1)
        SetExpectedLoss(expectedLossPercent);
    }

    /// <summary>The packet loss the listeners report (0–100), the encoder's hint for how much FEC to carry.</summary>
    public void SetExpectedLoss(int percent) => _encoder.PacketLossPercent = Math.Clamp(percent, 0, 100);

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
