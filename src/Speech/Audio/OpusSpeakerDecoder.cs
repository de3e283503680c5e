using Concentus;

namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// The speaker's side: decodes 48 kHz mono Opus packets and resamples them to 16 kHz for recognition.
/// Buffers are sized once for the longest Opus frame (120 ms); nothing is allocated per packet.
/// </summary>
public sealed class OpusSpeakerDecoder
{
    public const int MaxFrameSamples48k = 5760;

    private readonly IOpusDecoder _decoder = OpusCodecFactory.CreateDecoder(48000, 1);
    private readonly PolyphaseResampler _to16k = new(48000, 16000);
    private readonly short[] _pcm48k = new short[MaxFrameSamples48k];

    /// <summary>Which Opus implementation is in use (libopus native or managed Concentus).</summary>
    public string CodecVersion => _decoder.GetVersionString();

    /// <summary>Largest output of one <see cref="Decode"/> call.</summary>
    public int MaxOutputSamples => _to16k.MaxOutputFor(MaxFrameSamples48k);

    /// <summary>
    /// Decodes one packet (or conceals a lost one when <paramref name="packet"/> is empty) and writes 16 kHz samples.
    /// Returns the samples written, or -1 when the packet is not valid Opus.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> packet, Span<short> output16k)
    {
        int decoded;
        try
        {
            decoded = _decoder.Decode(packet, _pcm48k, MaxFrameSamples48k);
        }
        catch (Exception e) when (e is OpusException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return -1;
        }

        return decoded <= 0 ? (decoded == 0 ? 0 : -1) : _to16k.Process(_pcm48k.AsSpan(0, decoded), output16k);
    }
}
