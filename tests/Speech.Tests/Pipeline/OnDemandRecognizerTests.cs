using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Stages;
using Microsoft.Extensions.Time.Testing;

namespace BroadcastOperator.Speech.Tests.Pipeline;

public class OnDemandRecognizerTests
{
    private static readonly TimeSpan IdleRelease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Nothing_is_loaded_until_the_speakers_audio_arrives()
    {
        var loads = 0;
        await using var recognizer = new OnDemandRecognizer("en", () =>
        {
            Interlocked.Increment(ref loads);
            return new CountingRecognizer();
        }, IdleRelease, new FakeTimeProvider());

        Assert.False(recognizer.Loaded);
        Assert.Equal(0, loads);

        recognizer.PrepareForSpeech();
        recognizer.PrepareForSpeech();
        await recognizer.StartPhraseAsync(new PhraseId(1), TimeSpan.Zero, CancellationToken.None).AsTask().WaitAsync(Within);
        var final = await recognizer.EndPhraseAsync(TimeSpan.FromSeconds(1), CancellationToken.None).AsTask().WaitAsync(Within);

        Assert.True(recognizer.Loaded);
        Assert.Equal(1, loads);
        Assert.Equal("phrase 1", final.Text);
    }

    [Fact]
    public async Task The_engine_is_released_after_the_idle_time_without_audio_and_loaded_again_when_audio_returns()
    {
        var time = new FakeTimeProvider();
        var engines = new List<DisposalCountingRecognizer>();
        await using var recognizer = new OnDemandRecognizer("en", () =>
        {
            var engine = new DisposalCountingRecognizer();
            lock (engines)
            {
                engines.Add(engine);
            }

            return engine;
        }, IdleRelease, time);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        recognizer.Released += released.SetResult;

        recognizer.PrepareForSpeech();
        await recognizer.StartPhraseAsync(new PhraseId(1), TimeSpan.Zero, CancellationToken.None);
        await recognizer.EndPhraseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        time.Advance(IdleRelease - TimeSpan.FromSeconds(1));
        recognizer.PrepareForSpeech(); // audio again just before the idle time: it stays
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(recognizer.Loaded);

        time.Advance(IdleRelease);
        await released.Task.WaitAsync(Within);
        Assert.False(recognizer.Loaded);
        Assert.Equal(1, engines.Single().Disposals);

        recognizer.PrepareForSpeech();
        await recognizer.StartPhraseAsync(new PhraseId(2), TimeSpan.Zero, CancellationToken.None).AsTask().WaitAsync(Within);
        Assert.Equal(2, engines.Count);
    }

    [Fact]
    public async Task An_open_phrase_keeps_the_engine_however_long_it_lasts()
    {
        var time = new FakeTimeProvider();
        await using var recognizer = new OnDemandRecognizer("en", () => new DisposalCountingRecognizer(), IdleRelease, time);

        await recognizer.StartPhraseAsync(new PhraseId(1), TimeSpan.Zero, CancellationToken.None);
        time.Advance(IdleRelease * 3);

        Assert.True(recognizer.Loaded);
        var final = await recognizer.EndPhraseAsync(TimeSpan.FromSeconds(1), CancellationToken.None).AsTask().WaitAsync(Within);
        Assert.True(final.IsFinal);
    }

    private sealed class DisposalCountingRecognizer : ISpeechRecognizer
    {
        private readonly CountingRecognizer _inner = new();

        public int Disposals { get; private set; }

        public string Language => _inner.Language;

        public ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken) =>
            _inner.StartPhraseAsync(phrase, start, cancellationToken);

        public ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken) =>
            _inner.AcceptAudioAsync(samples16k, cancellationToken);

        public ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken) =>
            _inner.EndPhraseAsync(end, cancellationToken);

        public ValueTask DisposeAsync()
        {
            Disposals++;
            return ValueTask.CompletedTask;
        }
    }
}
