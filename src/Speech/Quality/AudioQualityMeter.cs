using BroadcastOperator.Speech.Audio;

namespace BroadcastOperator.Speech.Quality;

/// <summary>
/// Measures the speaker's decoded 16 kHz audio, 10 ms at a time, and closes a window of figures every
/// <see cref="AudioQualityOptions.Window"/>; also the same figures for one phrase between <see cref="BeginPhrase"/> and
/// <see cref="EndPhrase"/>. A frame carries speech when it stands <see cref="AudioQualityOptions.SpeechMarginDb"/> above the
/// room's minimum floor; the noise level is the mean power of the other frames (digital silence excluded: a muted
/// microphone says nothing about the room). Packet counts may be
/// reported from another thread; everything else runs on the caller's.
/// </summary>
public sealed class AudioQualityMeter
{
    private readonly AudioQualityOptions _options;
    private readonly MinimumNoiseFloor _floor = new();
    private readonly LevelAccumulator _window = new();
    private readonly LevelAccumulator _phrase = new();
    private readonly int _windowFrames;
    private readonly short _clipLevel;
    private double? _noisePower;
    private int _clipRun;
    private long _framesSinceSpeech;
    private long _received;
    private long _lost;

    public AudioQualityMeter(AudioQualityOptions? options = null)
    {
        _options = options ?? new AudioQualityOptions();
        _windowFrames = Math.Max(1, (int)(_options.Window.TotalMilliseconds / 10));
        _clipLevel = (short)Math.Clamp(_options.ClippingLevel * 32767, 1, 32767);
    }

    public AudioQualityOptions Options => _options;

    /// <summary>Whether the last frame carried speech (by this meter's floor and margin).</summary>
    public bool LastFrameWasSpeech { get; private set; }

    /// <summary>Packets that arrived and packets found missing (sequence gaps) since the last window.</summary>
    public void CountPackets(int received, int lost)
    {
        Interlocked.Add(ref _received, received);
        Interlocked.Add(ref _lost, lost);
    }

    /// <summary>Takes one 10 ms frame; returns the window's figures when this frame completes one.</summary>
    public AudioQualityWindow? Process(ReadOnlySpan<short> frame)
    {
        if (frame.Length != PhraseSegmenter.FrameSamples)
        {
            throw new ArgumentException($"A frame is {PhraseSegmenter.FrameSamples} samples (10 ms at 16 kHz), got {frame.Length}.", nameof(frame));
        }

        var power = AudioLevel.MeanSquare(frame);
        var level = AudioLevel.ToDbfs(power);
        _floor.Add(level);
        var speech = level > _options.SpeechGateDbfs && level > SpeechFloorDbfs + _options.SpeechMarginDb;
        LastFrameWasSpeech = speech;
        if (speech)
        {
            _framesSinceSpeech = 0;
        }
        else
        {
            _framesSinceSpeech++;
        }

        var roomNoise = !speech && _floor.Settled && level > VoiceActivityDetector.DigitalSilenceDbfs;
        var clipped = CountClipped(frame);
        _window.AddFrame(frame, power, speech, roomNoise, clipped);
        _phrase.AddFrame(frame, power, speech, roomNoise, clipped);
        if (_window.Frames < _windowFrames)
        {
            return null;
        }

        // The noise of this window's pauses; a window without pauses keeps the last one's, one whose pauses were muted has none.
        _noisePower = _window.NoisePower ?? (_floor.IsDigitalSilence ? null : _noisePower);

        var result = _window.ToWindow(TimeSpan.FromMilliseconds(_window.Frames * 10), _noisePower, TakeDropoutRatio(), SilenceFor);
        _window.Reset();
        return result;
    }

    public void BeginPhrase() => _phrase.Reset();

    /// <summary>The figures of the audio since <see cref="BeginPhrase"/>.</summary>
    public AudioQualityWindow EndPhrase() =>
        _phrase.ToWindow(TimeSpan.FromMilliseconds(_phrase.Frames * 10), _phrase.NoisePower ?? _noisePower, 0, SilenceFor);

    /// <summary>
    /// The floor speech must stand above. Until a whole block was seen the quietest frame may be the speaker's own
    /// (they started talking at once), so the floor is taken as no higher than <see cref="UnsettledFloorDbfs"/>.
    /// </summary>
    private double SpeechFloorDbfs => _floor.Settled ? _floor.Dbfs!.Value : Math.Min(_floor.Dbfs!.Value, UnsettledFloorDbfs);

    private const double UnsettledFloorDbfs = -60;

    private TimeSpan SilenceFor => TimeSpan.FromMilliseconds(_framesSinceSpeech * 10);

    private double TakeDropoutRatio()
    {
        var received = Interlocked.Exchange(ref _received, 0);
        var lost = Interlocked.Exchange(ref _lost, 0);
        return received + lost == 0 ? 0 : (double)lost / (received + lost);
    }

    /// <summary>Samples in flat tops at the rails: a run counts once it is <see cref="AudioQualityOptions.ClippingMinRun"/> long.</summary>
    private int CountClipped(ReadOnlySpan<short> frame)
    {
        var clipped = 0;
        foreach (var s in frame)
        {
            if (s >= _clipLevel || s <= -_clipLevel)
            {
                _clipRun++;
                clipped += _clipRun == _options.ClippingMinRun ? _clipRun : _clipRun > _options.ClippingMinRun ? 1 : 0;
            }
            else
            {
                _clipRun = 0;
            }
        }

        return clipped;
    }
}
