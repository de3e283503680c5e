namespace BroadcastOperator.Speech.Audio;

/// <summary>
/// Cuts a 16 kHz stream into phrases, one 10 ms frame at a time: opens on voice onset, closes after
/// <see cref="SegmenterOptions.Hangover"/> of unvoiced audio or at <see cref="SegmenterOptions.MaxPhraseLength"/>.
/// Keeps only a short pre-roll ring, so memory does not grow with phrase length.
/// </summary>
public sealed class PhraseSegmenter
{
    public const int SampleRate = 16000;
    public const int FrameSamples = SampleRate / 100;

    private readonly SegmenterOptions _options;
    private readonly VoiceActivityDetector _vad;
    private readonly short[] _preRoll;
    private readonly int _hangoverFrames;
    private readonly int _maxPhraseFrames;
    private int _preRollWrite;
    private int _preRollFilled;
    private int _recentVoiced; // bit history of the last three frames
    private long _framesSeen;
    private int _phraseFrames;
    private int _unvoicedRun;

    public PhraseSegmenter(SegmenterOptions? options = null)
    {
        _options = options ?? new SegmenterOptions();
        _vad = new VoiceActivityDetector(_options.VadMarginDb, _options.VadAbsoluteGateDbfs);
        var preRollFrames = Math.Max(1, (int)(_options.PreRoll.TotalMilliseconds / 10));
        _preRoll = new short[preRollFrames * FrameSamples];
        _hangoverFrames = Math.Max(1, (int)(_options.Hangover.TotalMilliseconds / 10));
        _maxPhraseFrames = Math.Max(_hangoverFrames + 1, (int)(_options.MaxPhraseLength.TotalMilliseconds / 10));
    }

    public bool InPhrase { get; private set; }

    /// <summary>Stream offset of the end of the last frame processed.</summary>
    public TimeSpan Position => TimeSpan.FromMilliseconds(_framesSeen * 10);

    /// <summary>Stream offset where the current (or last) phrase began, pre-roll included.</summary>
    public TimeSpan PhraseStart { get; private set; }

    /// <summary>Stream offset of the end of the last voiced frame: the end of speech.</summary>
    public TimeSpan LastVoiceEnd { get; private set; }

    /// <summary>Samples of pre-roll available to <see cref="CopyPreRoll"/>.</summary>
    public int PreRollLength => _preRollFilled;

    public SegmenterDecision Process(ReadOnlySpan<short> frame)
    {
        if (frame.Length != FrameSamples)
        {
            throw new ArgumentException($"A frame is {FrameSamples} samples (10 ms at 16 kHz), got {frame.Length}.", nameof(frame));
        }

        var voiced = _vad.IsVoiced(frame);
        _framesSeen++;
        _recentVoiced = ((_recentVoiced << 1) | (voiced ? 1 : 0)) & 0b111;
        RememberForPreRoll(frame);
        if (voiced)
        {
            LastVoiceEnd = Position;
        }

        if (!InPhrase)
        {
            if (System.Numerics.BitOperations.PopCount((uint)_recentVoiced) < _options.OnsetFrames)
            {
                return SegmenterDecision.Silence;
            }

            Open();
            return SegmenterDecision.PhraseStarted;
        }

        _phraseFrames++;
        _unvoicedRun = voiced ? 0 : _unvoicedRun + 1;
        if (_unvoicedRun >= _hangoverFrames)
        {
            InPhrase = false;
            return SegmenterDecision.PhraseEnded;
        }

        if (_phraseFrames >= _maxPhraseFrames)
        {
            ClearPreRollExceptLastFrame();
            Open();
            return SegmenterDecision.PhraseSplit;
        }

        return SegmenterDecision.Continue;
    }

    /// <summary>Copies the pre-roll (oldest first, ending with the current frame) into <paramref name="destination"/>.</summary>
    public int CopyPreRoll(Span<short> destination)
    {
        var length = Math.Min(_preRollFilled, destination.Length);
        var start = (_preRollWrite - _preRollFilled + _preRoll.Length) % _preRoll.Length;
        var firstPart = Math.Min(length, _preRoll.Length - start);
        _preRoll.AsSpan(start, firstPart).CopyTo(destination);
        _preRoll.AsSpan(0, length - firstPart).CopyTo(destination[firstPart..]);
        return length;
    }

    private void Open()
    {
        InPhrase = true;
        _phraseFrames = 0;
        _unvoicedRun = 0;
        PhraseStart = Position - TimeSpan.FromSeconds((double)_preRollFilled / SampleRate);
    }

    private void RememberForPreRoll(ReadOnlySpan<short> frame)
    {
        frame.CopyTo(_preRoll.AsSpan(_preRollWrite, FrameSamples));
        _preRollWrite = (_preRollWrite + FrameSamples) % _preRoll.Length;
        _preRollFilled = Math.Min(_preRoll.Length, _preRollFilled + FrameSamples);
    }

    // After a split the previous phrase already received the earlier frames; only the current one starts the next.
    private void ClearPreRollExceptLastFrame() => _preRollFilled = FrameSamples;
}
