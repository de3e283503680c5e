using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Metrics;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Quality;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// The session's single recognition task: cuts the speaker's audio into phrases, streams each phrase to the
/// recognizer, publishes partial and final source captions, and hands each final to every language lane.
/// </summary>
internal sealed class RecognitionLoop
{
    private readonly ChannelReader<AudioBlock> _audio;
    private readonly ISpeechRecognizer _recognizer;
    private readonly PhraseSegmenter _segmenter;
    private readonly IReadOnlyList<LanguageLane> _lanes;
    private readonly ChannelWriter<CaptionEvent> _captions;
    private readonly ChannelWriter<AudioQualityReport> _quality;
    private readonly AudioQualityMeter _meter;
    private readonly AudioQualityJudge _judge;
    private readonly ProsodyTracker _prosody = new();
    private readonly SpeakerBaseline _baseline = new();
    private readonly short[] _frame = new short[PhraseSegmenter.FrameSamples];
    private short[] _feed = new short[PhraseSegmenter.SampleRate];
    private int _feedLength;
    private int _frameFill;
    private PhraseId _phrase = new(0);
    private TimeSpan _lastVoiceEnd = TimeSpan.MinValue;
    private bool _phraseFailed;
    private long _speechEndedAt;

    public RecognitionLoop(ChannelReader<AudioBlock> audio, ISpeechRecognizer recognizer, SegmenterOptions options,
        IReadOnlyList<LanguageLane> lanes, ChannelWriter<CaptionEvent> captions, AudioQualityMeter meter, ChannelWriter<AudioQualityReport> quality)
    {
        _meter = meter;
        _judge = new AudioQualityJudge(meter.Options);
        _quality = quality;
        _audio = audio;
        _recognizer = recognizer;
        _segmenter = new PhraseSegmenter(options);
        _lanes = lanes;
        _captions = captions;
    }

    public long Phrases => _phrase.Value;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var block in _audio.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await ConsumeAsync(block, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<short>.Shared.Return(block.Buffer);
            }
        }

        // End of the stream closes whatever the speaker was saying.
        if (_segmenter.InPhrase)
        {
            await FlushFeedAsync(cancellationToken).ConfigureAwait(false);
            await EndPhraseAsync(Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(AudioBlock block, CancellationToken cancellationToken)
    {
        _recognizer.PrepareForSpeech();
        var samples = block.Buffer.AsMemory(0, block.Length);
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _frame.Length - _frameFill);
            samples.Span[..take].CopyTo(_frame.AsSpan(_frameFill));
            _frameFill += take;
            samples = samples[take..];
            if (_frameFill == _frame.Length)
            {
                _frameFill = 0;
                await OnFrameAsync(block.ArrivedAt, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushFeedAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task OnFrameAsync(long arrivedAt, CancellationToken cancellationToken)
    {
        var decision = _segmenter.Process(_frame);
        if (_meter.Process(_frame) is { } window)
        {
            var changed = _judge.Observe(window);
            _quality.TryWrite(new AudioQualityReport(window, _judge.Verdict, changed));
        }

        if (_segmenter.LastVoiceEnd != _lastVoiceEnd)
        {
            _lastVoiceEnd = _segmenter.LastVoiceEnd;
            _speechEndedAt = arrivedAt;
        }

        switch (decision)
        {
            case SegmenterDecision.Silence:
                return;
            case SegmenterDecision.PhraseStarted:
                await StartPhraseAsync(cancellationToken).ConfigureAwait(false);
                return;
            case SegmenterDecision.Continue:
                AppendFeed(_frame);
                _prosody.AddFrame(_frame, _meter.LastFrameWasSpeech);
                return;
            case SegmenterDecision.PhraseEnded:
                AppendFeed(_frame);
                _prosody.AddFrame(_frame, _meter.LastFrameWasSpeech);
                await FlushFeedAsync(cancellationToken).ConfigureAwait(false);
                await EndPhraseAsync(Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
                return;
            case SegmenterDecision.PhraseSplit:
                await FlushFeedAsync(cancellationToken).ConfigureAwait(false);
                // The speaker did not pause: measure from the cut, not from an older voiced frame.
                _speechEndedAt = arrivedAt;
                await EndPhraseAsync(Stopwatch.GetTimestamp(), cancellationToken).ConfigureAwait(false);
                await StartPhraseAsync(cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    private async Task StartPhraseAsync(CancellationToken cancellationToken)
    {
        _phrase = _phrase.Next();
        _phraseFailed = false;
        await GuardAsync(async () => await _recognizer.StartPhraseAsync(_phrase, _segmenter.PhraseStart, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        _prosody.Begin();
        _meter.BeginPhrase();
        var preRoll = _segmenter.PreRollLength;
        EnsureFeedRoom(preRoll);
        _segmenter.CopyPreRoll(_feed.AsSpan(_feedLength, preRoll));
        _feedLength += preRoll;
    }

    private async Task EndPhraseAsync(long closedAt, CancellationToken cancellationToken)
    {
        RecognizedSegment? final = null;
        if (!_phraseFailed)
        {
            await GuardAsync(async () => final = await _recognizer.EndPhraseAsync(_segmenter.Position, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (final is null)
        {
            return; // the recognizer failed on this phrase: it is skipped, the session goes on
        }

        var recognizedAt = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(final.Text))
        {
            _captions.TryWrite(new CaptionEvent(final.PhraseId, final.Language, final.Text, true, true, final.Start, final.End));
            return;
        }

        // Measured as the phrase was spoken; what is left here is a few sorts (see ProsodyTracker).
        var expression = _baseline.Relate(_prosody.Finish(final.Text));
        _captions.TryWrite(new CaptionEvent(final.PhraseId, final.Language, final.Text, true, true, final.Start, final.End)
        {
            Expression = expression,
            Quality = _meter.EndPhrase(),
        });
        var job = new PhraseJob(final, _speechEndedAt, closedAt, recognizedAt) { Expression = expression };
        foreach (var lane in _lanes)
        {
            lane.Enqueue(job);
        }
    }

    private void AppendFeed(ReadOnlySpan<short> samples)
    {
        EnsureFeedRoom(samples.Length);
        samples.CopyTo(_feed.AsSpan(_feedLength));
        _feedLength += samples.Length;
    }

    private void EnsureFeedRoom(int extra)
    {
        if (_feedLength + extra > _feed.Length)
        {
            Array.Resize(ref _feed, Math.Max(_feed.Length * 2, _feedLength + extra));
        }
    }

    private async Task FlushFeedAsync(CancellationToken cancellationToken)
    {
        if (_feedLength == 0)
        {
            return;
        }

        RecognizedSegment? partial = null;
        if (!_phraseFailed)
        {
            await GuardAsync(async () => partial = await _recognizer.AcceptAudioAsync(_feed.AsMemory(0, _feedLength), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        _feedLength = 0;
        if (partial is not null)
        {
            _captions.TryWrite(new CaptionEvent(partial.PhraseId, partial.Language, partial.Text, false, true, partial.Start, partial.End));
        }
    }

    private async Task GuardAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A cloud stream that breaks or an engine error costs this phrase, not the session.
            _phraseFailed = true;
            SpeechMetrics.StageErrors.WithLabels("asr", _recognizer.Language).Inc();
        }
    }
}
