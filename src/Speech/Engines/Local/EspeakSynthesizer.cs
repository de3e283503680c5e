using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Ssml;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Text to speech through libespeak-ng in synchronous mode: the library calls back with each buffer of
/// samples as it renders them, and each buffer is handed to the caller at once. libespeak-ng keeps one global
/// state per process, so renders run one at a time (process-wide lock) on a dedicated thread. The text is rendered
/// in short parts (<see cref="SpeechTextParts"/>), the lock taken per part, so a language waiting for the engine
/// waits for a few words of another language rather than its whole phrase. SSML (<see cref="SsmlDialect.Espeak"/>) comes
/// as one document per part for the same reason.
/// </summary>
public sealed class EspeakSynthesizer : ISsmlSynthesizer
{
    public const string DebianDataDir = "/usr/lib/x86_64-linux-gnu/espeak-ng-data";

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static readonly EspeakNative.SynthCallback Callback = OnSamples; // kept alive for native code
    private static readonly object InitGate = new();
    private static int _sampleRate;
    private static ChannelWriter<PcmChunk>? _sink;
    private static CancellationToken _sinkCancellation;

    public EspeakSynthesizer(string dataDir = DebianDataDir, int? wordsPerMinute = null)
    {
        Languages = DiscoverLanguages(dataDir);
        EnsureInitialized();
        WordsPerMinute = wordsPerMinute;
    }

    /// <summary>Sample rate of every chunk (22050 Hz for espeak-ng).</summary>
    public static int SampleRate => _sampleRate;

    public IReadOnlyCollection<string> Languages { get; }

    public int? WordsPerMinute { get; }

    public async IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        await foreach (var chunk in RenderAsync(SpeechTextParts.Split(text), voice ?? language, 0, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    public SsmlDialect DialectFor(string language, string? voice) => SsmlDialect.Espeak;

    public async IAsyncEnumerable<PcmChunk> SynthesizeSsmlAsync(IReadOnlyList<string> documents, string language, string? voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in RenderAsync(documents, voice ?? language, EspeakNative.Ssml, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    private async IAsyncEnumerable<PcmChunk> RenderAsync(IReadOnlyList<string> parts, string voice, uint flags,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateBounded<PcmChunk>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        // Cancelled too when the caller stops reading early, so the render thread never waits on a gone reader.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var render = Task.Factory.StartNew(
            () => Render(parts, voice, flags, chunks.Writer, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _ = render.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        try
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return chunk;
            }

            await render.ConfigureAwait(false);
        }
        finally
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // rendering already finished
            }
        }
    }

    private void Render(IReadOnlyList<string> parts, string voice, uint flags, ChannelWriter<PcmChunk> writer, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var part in parts)
            {
                // WaitAsync queues waiters first come, first served (Release hands the slot to the oldest), so a
                // language that renders part after part cannot barge ahead of one that is waiting.
                OneAtATime.WaitAsync(cancellationToken).GetAwaiter().GetResult();
                try
                {
                    RenderPart(part, voice, flags, writer, cancellationToken);
                }
                finally
                {
                    OneAtATime.Release();
                }
            }

            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>Renders one part under the engine lock; the voice is set each time because another language may have changed it.</summary>
    private void RenderPart(string text, string voice, uint flags, ChannelWriter<PcmChunk> writer, CancellationToken cancellationToken)
    {
        if (EspeakNative.espeak_SetVoiceByName(voice) != 0)
        {
            throw new UnservedLanguageException($"espeak-ng has no voice '{voice}'.", []);
        }

        if (WordsPerMinute is { } rate)
        {
            EspeakNative.espeak_SetParameter(EspeakNative.ParameterRate, rate, 0);
        }

        _sink = writer;
        _sinkCancellation = cancellationToken;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text + "\0");
            var result = EspeakNative.espeak_Synth(bytes, (nuint)bytes.Length, 0, EspeakNative.PositionCharacter, 0,
                EspeakNative.CharsUtf8 | flags, IntPtr.Zero, IntPtr.Zero);
            if (result != 0)
            {
                throw new InvalidOperationException($"espeak_Synth failed ({result}).");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            _sink = null;
        }
    }

    private static int OnSamples(IntPtr wav, int samples, IntPtr events)
    {
        var sink = _sink;
        if (sink is null || _sinkCancellation.IsCancellationRequested)
        {
            return 1;
        }

        if (wav == IntPtr.Zero || samples <= 0)
        {
            return 0;
        }

        var copy = new short[samples];
        Marshal.Copy(wav, copy, 0, samples);
        // Bounded channel with a single consumer: wait for room rather than drop speech.
        while (!sink.TryWrite(new PcmChunk(copy, _sampleRate)))
        {
            if (_sinkCancellation.IsCancellationRequested || !sink.WaitToWriteAsync(_sinkCancellation).AsTask().GetAwaiter().GetResult())
            {
                return 1;
            }
        }

        return 0;
    }

    private static void EnsureInitialized()
    {
        lock (InitGate)
        {
            if (_sampleRate > 0)
            {
                return;
            }

            if (!EspeakNative.IsAvailable())
            {
                throw new InvalidOperationException($"{EspeakNative.Library} is not installed.");
            }

            var rate = EspeakNative.espeak_Initialize(EspeakNative.AudioOutputSynchronous, 60, null, EspeakNative.InitializeDontExit);
            if (rate <= 0)
            {
                throw new InvalidOperationException("espeak_Initialize failed.");
            }

            EspeakNative.espeak_SetSynthCallback(Callback);
            _sampleRate = rate;
        }
    }

    /// <summary>Language tags with a voice definition under the data directory (lang/*/es, lang/gmw/en, ...).</summary>
    public static IReadOnlyCollection<string> DiscoverLanguages(string dataDir = DebianDataDir)
    {
        var langDir = Path.Combine(dataDir, "lang");
        if (!Directory.Exists(langDir))
        {
            return [];
        }

        return Directory.EnumerateFiles(langDir, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Select(name => name.Split('-')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
