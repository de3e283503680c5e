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
    public int Decode(ReadOnlySpan<byte> packet, Span<short> output16k) => Decode(packet, output16k, MaxFrameSamples48k, fec: false);

    /// <summary>
    /// Rebuilds a lost frame of <paramref name="frameSamples48k"/> from the in-band FEC (LBRR) copy that the next
    /// packet carries; libopus conceals instead when that packet has none. Returns the 16 kHz samples written, or -1.
    /// </summary>
    public int DecodeFec(ReadOnlySpan<byte> nextPacket, int frameSamples48k, Span<short> output16k) =>
        Decode(nextPacket, output16k, Math.Clamp(frameSamples48k, 120, MaxFrameSamples48k), fec: true);

    /// <summary>Conceals (PLC) a lost frame of <paramref name="frameSamples48k"/>: the voice fades rather than stops.</summary>
    public int Conceal(int frameSamples48k, Span<short> output16k) =>
        Decode([], output16k, Math.Clamp(frameSamples48k, 120, MaxFrameSamples48k), fec: false);

    private int Decode(ReadOnlySpan<byte> packet, Span<short> output16k, int frameSamples48k, bool fec)
    {
        int decoded;
        try
        {
            decoded = _decoder.Decode(packet, _pcm48k, frameSamples48k, fec);
        }
        catch (Exception e) when (e is OpusException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return -1;
        }

        return decoded <= 0 ? (decoded == 0 ? 0 : -1) : _to16k.Process(_pcm48k.AsSpan(0, decoded), output16k);
    }
}
