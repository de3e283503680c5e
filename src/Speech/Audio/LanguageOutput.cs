namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// One target language's outgoing audio: the queue the synthesizer fills and the Opus encoder that turns each
/// 20 ms of it (speech or comfort silence) into one packet shared by every listener of the language.
/// </summary>
public sealed class LanguageOutput
{
    private readonly short[] _frame = new short[OpusFrameEncoder.FrameSamples];
    private readonly OpusFrameEncoder _encoder;

    public LanguageOutput(string language, TimeSpan queueCapacity, int bitrate = 32000)
    {
        Language = language;
        Queue = new LanguageAudioQueue(queueCapacity);
        _encoder = new OpusFrameEncoder(bitrate);
    }

    public string Language { get; }

    public LanguageAudioQueue Queue { get; }

    public string CodecVersion => _encoder.CodecVersion;

    /// <summary>Takes the next 20 ms of PCM (speech or silence) into <paramref name="frame"/>; true when it is speech.</summary>
    public bool ReadPcmFrame(Span<short> frame) => Queue.ReadFrame(frame);

    /// <summary>Encodes the next 20 ms into <paramref name="packet"/>; returns its length.</summary>
    public int EncodeNextFrame(Span<byte> packet, out bool isSpeech)
    {
        isSpeech = Queue.ReadFrame(_frame);
        return _encoder.Encode(_frame, packet);
    }
}
