using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Metrics;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// The speech pipeline of one session. Feed the speaker's audio with <see cref="PushOpus"/> or
/// <see cref="PushPcm16k"/> (never blocks: one recognition task consumes it); read captions from
/// <see cref="Captions"/>, latency records from <see cref="Latencies"/>, and each target language's audio from
/// <see cref="Outputs"/> (pull 20 ms at a time, or let <see cref="RunFrameClockAsync"/> pace them).
/// </summary>
public sealed class SpeechPipeline : IOpusFrameSink, IAsyncDisposable
{
    private readonly Channel<AudioBlock> _audio;
    private readonly Channel<CaptionEvent> _captions =
        Channel.CreateBounded<CaptionEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<PhraseLatency> _latencies =
        Channel.CreateBounded<PhraseLatency>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Channel<AudioQualityReport> _quality =
        Channel.CreateBounded<AudioQualityReport>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly AudioQualityMeter _meter;
    private readonly List<LanguageLane> _lanes = [];
    private readonly RecognitionLoop _recognition;
    private readonly OpusSpeakerDecoder _opus = new();
    private readonly short[] _opusPcm;
    private readonly object _opusGate = new();
    private readonly QuietAudioHold _quiet;
    private readonly object _audioGate = new(); // the hold and the order of what it hands on
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private long _droppedSamples;
    private long _audioBlocksQueued;

    public SpeechPipeline(SpeechPipelineOptions options, SpeechEngines engines)
    {
        Options = options;
        Engines = engines;
        options.Expression.Validate();
        if (options.TargetLanguages.Distinct(StringComparer.Ordinal).Count() != options.TargetLanguages.Count)
        {
            throw new ArgumentException("Target languages must be unique.", nameof(options));
        }

        foreach (var language in options.TargetLanguages.Where(l => l != options.SourceLanguage))
        {
            options.Voices.TryGetValue(language, out var voice);
            var output = new LanguageOutput(language, options.AudioQueuedPerLanguage, options.OpusBitrate);
            _lanes.Add(new LanguageLane(options.SourceLanguage, language, voice, options.PhrasesQueuedPerLanguage, output,
                engines, _captions.Writer, _latencies.Writer)
            { Expression = options.Expression });
        }

        Outputs = _lanes.ToDictionary(l => l.Language, l => l.Output, StringComparer.Ordinal);
        var blocks = Math.Max(16, (int)(options.IngestBuffer.TotalMilliseconds / 20));
        _audio = Channel.CreateBounded<AudioBlock>(new BoundedChannelOptions(blocks) { SingleReader = true });
        _meter = new AudioQualityMeter(options.Quality);
        _recognition = new RecognitionLoop(_audio.Reader, engines.Recognizer, options.Segmenter, _lanes, _captions.Writer, _meter, _quality.Writer);
        _opusPcm = new short[_opus.MaxOutputSamples];
        _quiet = new QuietAudioHold(options.Segmenter);
    }

    public SpeechPipelineOptions Options { get; }

    public SpeechEngines Engines { get; }

    /// <summary>Per target language, the outgoing 48 kHz audio (PCM frames or Opus packets).</summary>
    public IReadOnlyDictionary<string, LanguageOutput> Outputs { get; }

    /// <summary>Partial and final captions, source language and every target, in the order they were produced.</summary>
    public ChannelReader<CaptionEvent> Captions => _captions.Reader;

    /// <summary>One record per phrase and language when its first translated audio is ready.</summary>
    public ChannelReader<PhraseLatency> Latencies => _latencies.Reader;

    /// <summary>The speaker's audio quality, one report per analysis window (<see cref="SpeechPipelineOptions.Quality"/>).</summary>
    public ChannelReader<AudioQualityReport> Quality => _quality.Reader;

    /// <summary>Counts the speaker's packets that arrived and those found missing, for the dropout figure. Any thread.</summary>
    public void CountPackets(int received, int lost) => _meter.CountPackets(received, lost);

    /// <summary>Phrases recognized so far.</summary>
    public long Phrases => _recognition.Phrases;

    /// <summary>
    /// Blocks of speaker audio handed to recognition so far: one per push while there is sound, about one a second
    /// while the speaker is quiet (<see cref="QuietAudioHold"/>). Each is a wake-up of the recognition task.
    /// </summary>
    public long AudioBlocksQueued => Interlocked.Read(ref _audioBlocksQueued);

    /// <summary>Speaker samples dropped because recognition could not keep up.</summary>
    public long DroppedSamples => Interlocked.Read(ref _droppedSamples);

    /// <summary>Phrases a language skipped because it had too many waiting.</summary>
    public long DroppedPhrases(string language) => _lanes.First(l => l.Language == language).DroppedPhrases;

    /// <summary>Phrases of a language whose SSML the engine refused and that were spoken as plain text.</summary>
    public long SsmlFallbacks(string language) => _lanes.First(l => l.Language == language).SsmlFallbacks;

    /// <summary>Opus implementation in use ("libopus …" when native, else Concentus's managed port).</summary>
    public string OpusVersion => _opus.CodecVersion;

    public void Start()
    {
        if (_running is not null)
        {
            return;
        }

        var token = _stop.Token;
        var lanes = _lanes.Select(l => Task.Run(() => l.RunAsync(token), token)).ToArray();
        var recognition = Task.Run(async () =>
        {
            try
            {
                await _recognition.RunAsync(token).ConfigureAwait(false);
            }
            finally
            {
                _lanes.ForEach(l => l.Complete());
            }
        }, token);
        _running = Task.WhenAll([recognition, .. lanes]);
    }

    /// <summary>Feeds one 48 kHz Opus packet (empty span = lost packet, concealed). False when it was not Opus or was dropped.</summary>
    public bool PushOpus(ReadOnlySpan<byte> packet)
    {
        lock (_opusGate)
        {
            var samples = _opus.Decode(packet, _opusPcm);
            return samples >= 0 && PushPcm16k(_opusPcm.AsSpan(0, samples));
        }
    }

    /// <summary>Feeds a lost frame rebuilt from the next packet's in-band FEC (<paramref name="frameSamples48k"/> long).</summary>
    public bool PushOpusFec(ReadOnlySpan<byte> nextPacket, int frameSamples48k)
    {
        lock (_opusGate)
        {
            var samples = _opus.DecodeFec(nextPacket, frameSamples48k, _opusPcm);
            return samples >= 0 && PushPcm16k(_opusPcm.AsSpan(0, samples));
        }
    }

    /// <summary>Feeds a lost frame concealed by the decoder (PLC), so a gap never reaches recognition as silence.</summary>
    public bool PushConcealed(int frameSamples48k)
    {
        lock (_opusGate)
        {
            var samples = _opus.Conceal(frameSamples48k, _opusPcm);
            return samples >= 0 && PushPcm16k(_opusPcm.AsSpan(0, samples));
        }
    }

    /// <summary>
    /// Feeds 16 kHz 16-bit mono PCM. Quiet audio may be held back and handed on with later audio
    /// (<see cref="QuietAudioHold"/>). Returns false (and counts it) when the recognizer is too far behind.
    /// </summary>
    public bool PushPcm16k(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return true;
        }

        lock (_audioGate)
        {
            if (_quiet.TryHold(samples, out var full, out var fullLength))
            {
                return full is null || Queue(full, fullLength);
            }

            var handedOn = HandOnHeld();
            var buffer = ArrayPool<short>.Shared.Rent(samples.Length);
            samples.CopyTo(buffer);
            return Queue(buffer, samples.Length) && handedOn;
        }
    }

    /// <summary>Feeds 16 kHz PCM, waiting for room instead of dropping (for recorded audio fed faster than real time).</summary>
    public async ValueTask WritePcm16kAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken = default)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        lock (_audioGate)
        {
            HandOnHeld(); // what was held first, in order
        }

        var buffer = ArrayPool<short>.Shared.Rent(samples.Length);
        samples.Span.CopyTo(buffer);
        try
        {
            await _audio.Writer.WriteAsync(new AudioBlock(buffer, samples.Length, Stopwatch.GetTimestamp()), cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _audioBlocksQueued);
        }
        catch
        {
            ArrayPool<short>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Queues the quiet audio held so far, if any (under <see cref="_audioGate"/>).</summary>
    private bool HandOnHeld() => _quiet.TakeHeld(out var length) is not { } held || Queue(held, length);

    /// <summary>Queues a pooled buffer for recognition, or returns it and counts it dropped.</summary>
    private bool Queue(short[] buffer, int length)
    {
        if (_audio.Writer.TryWrite(new AudioBlock(buffer, length, Stopwatch.GetTimestamp())))
        {
            Interlocked.Increment(ref _audioBlocksQueued);
            return true;
        }

        ArrayPool<short>.Shared.Return(buffer);
        Interlocked.Add(ref _droppedSamples, length);
        SpeechMetrics.IngestDropped.Inc(length);
        return false;
    }

    /// <summary>Ends the speaker's stream: the open phrase is closed and every language finishes its queue.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        lock (_audioGate)
        {
            HandOnHeld();
            _audio.Writer.TryComplete();
        }

        if (_running is not null)
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Paces every language at one Opus packet per 20 ms (speech or comfort silence) until cancelled.</summary>
    public Task RunFrameClockAsync(OpusFrameHandler onFrame, CancellationToken cancellationToken) =>
        FrameClock.RunAsync([.. Outputs.Values], onFrame, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        lock (_audioGate)
        {
            if (_quiet.TakeHeld(out _) is { } held)
            {
                ArrayPool<short>.Shared.Return(held);
            }

            _audio.Writer.TryComplete();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            try
            {
                await _running.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        _captions.Writer.TryComplete();
        _latencies.Writer.TryComplete();
        _quality.Writer.TryComplete();
        _stop.Dispose();
    }
}
