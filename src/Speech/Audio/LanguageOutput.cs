namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// One target language's outgoing audio: the queue the synthesizer fills and the Opus encoder that turns each
/// 20 ms of it (speech or comfort silence) into one packet shared by every listener of the language.
/// The frame clock paces a language only while it is due (<see cref="IsDue"/>): while speech is queued or somebody
/// listens. Nobody listening and nothing to say costs nothing.
/// </summary>
public sealed class LanguageOutput
{
    private const int SilentFramesToSettle = 3;
    private readonly short[] _frame = new short[OpusFrameEncoder.FrameSamples];
    private readonly OpusFrameEncoder _encoder;
    private readonly byte[] _silencePacket = new byte[OpusFrameEncoder.MaxPacketBytes];
    private int _silencePacketLength;
    private int _silentFramesInRow;
    private int _listeners;

    public LanguageOutput(string language, TimeSpan queueCapacity, int bitrate = 32000)
    {
        Language = language;
        Queue = new LanguageAudioQueue(queueCapacity);
        Queue.Appended += () => Changed?.Invoke();
        _encoder = new OpusFrameEncoder(bitrate);
    }

    public string Language { get; }

    public LanguageAudioQueue Queue { get; }

    public string CodecVersion => _encoder.CodecVersion;

    /// <summary>How many listeners hear this language; set by whoever sends its packets. Comfort silence flows only to an audience.</summary>
    public int Listeners
    {
        get => Volatile.Read(ref _listeners);
        set
        {
            Volatile.Write(ref _listeners, value);
            Changed?.Invoke();
        }
    }

    /// <summary>True while the language needs a packet every 20 ms: speech is queued, or somebody listens.</summary>
    public bool IsDue => Listeners > 0 || Queue.QueuedSamples > 0;

    /// <summary>Raised when speech was queued or the audience changed: the moments <see cref="IsDue"/> may turn true.</summary>
    public event Action? Changed;

    /// <summary>Takes the next 20 ms of PCM (speech or silence) into <paramref name="frame"/>; true when it is speech.</summary>
    public bool ReadPcmFrame(Span<short> frame) => Queue.ReadFrame(frame);

    /// <summary>Encodes the next 20 ms into <paramref name="packet"/>; returns its length.</summary>
    public int EncodeNextFrame(Span<byte> packet, out bool isSpeech)
    {
        var queued = Queue.QueuedSamples;
        isSpeech = Queue.ReadFrame(_frame);
        if (queued > 0 || isSpeech)
        {
            _silentFramesInRow = 0;
            return _encoder.Encode(_frame, packet);
        }

        // Nothing queued: pure digital silence. Once the encoder has settled on it (the speech's tail has decayed),
        // every silent frame encodes to the same packet, so comfort silence is copied rather than encoded 50 times a second.
        if (_silentFramesInRow < SilentFramesToSettle)
        {
            _silentFramesInRow++;
            var length = _encoder.Encode(_frame, packet);
            if (_silentFramesInRow == SilentFramesToSettle)
            {
                packet[..length].CopyTo(_silencePacket);
                _silencePacketLength = length;
            }

            return length;
        }

        _silencePacket.AsSpan(0, _silencePacketLength).CopyTo(packet);
        return _silencePacketLength;
    }
}
