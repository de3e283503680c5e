using System.Runtime.InteropServices;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Streaming recognition with one warm pocketsphinx decoder per session: the models load once in the
/// constructor, and each phrase is one utterance (start, process audio as it arrives, end). Partial hypotheses
/// are read at most every <see cref="PartialInterval"/> of audio because each read walks the lattice.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer
{
    private static readonly TimeSpan PartialInterval = TimeSpan.FromMilliseconds(200);
    private readonly object _gate = new();
    private IntPtr _config;
    private IntPtr _decoder;
    private PhraseId _phrase;
    private TimeSpan _phraseStart;
    private long _samplesInPhrase;
    private long _samplesAtLastPartial;
    private string _lastPartial = "";
    private bool _inUtterance;

    /// <summary>
    /// Decoder settings that differ from pocketsphinx's defaults, measured on the librivox test utterances
    /// (`make bench FILTER=speech`): without the second (flat-lexicon) pass a phrase end costs only the frames still
    /// buffered plus the lattice best path instead of a re-search of the whole phrase, and a tenth of the default
    /// active-HMM cap roughly halves the search; word error rate stayed below the pocketsphinx CLI's.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LiveDefaults { get; } = new Dictionary<string, string>
    {
        ["-fwdflat"] = "no",
        ["-maxhmmpf"] = "3000",
    };

    /// <param name="model">Models to load; Debian's en-us by default.</param>
    /// <param name="extraArguments">More decoder options as name/value pairs; they replace <see cref="LiveDefaults"/> of the same name.</param>
    public PocketSphinxRecognizer(PocketSphinxModel? model = null, IReadOnlyList<string>? extraArguments = null)
    {
        model ??= PocketSphinxModel.DebianEnglish;
        if (!model.IsInstalled)
        {
            throw new InvalidOperationException($"pocketsphinx model for '{model.Language}' not found at {model.AcousticModelDir}.");
        }

        Language = model.Language;
        var argv = BuildArguments(model, extraArguments ?? []);
        _config = PocketSphinxNative.cmd_ln_parse_r(IntPtr.Zero, PocketSphinxNative.ps_args(), argv.Length, argv, 1);
        if (_config == IntPtr.Zero)
        {
            throw new InvalidOperationException("pocketsphinx rejected its configuration.");
        }

        _decoder = PocketSphinxNative.ps_init(_config);
        if (_decoder == IntPtr.Zero)
        {
            PocketSphinxNative.cmd_ln_free_r(_config);
            _config = IntPtr.Zero;
            throw new InvalidOperationException("pocketsphinx failed to load its models.");
        }
    }

    public string Language { get; }

    public ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureAlive();
            if (_inUtterance)
            {
                PocketSphinxNative.ps_end_utt(_decoder);
            }

            Check(PocketSphinxNative.ps_start_utt(_decoder), "ps_start_utt");
            _inUtterance = true;
            _phrase = phrase;
            _phraseStart = start;
            _samplesInPhrase = 0;
            _samplesAtLastPartial = 0;
            _lastPartial = "";
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureAlive();
            if (!_inUtterance || samples16k.IsEmpty)
            {
                return ValueTask.FromResult<RecognizedSegment?>(null);
            }

            var span = samples16k.Span;
            Check(PocketSphinxNative.ps_process_raw(_decoder, ref MemoryMarshal.GetReference(span), (nuint)span.Length, 0, 0), "ps_process_raw");
            _samplesInPhrase += span.Length;
            if (_samplesInPhrase - _samplesAtLastPartial < PartialInterval.TotalSeconds * 16000)
            {
                return ValueTask.FromResult<RecognizedSegment?>(null);
            }

            _samplesAtLastPartial = _samplesInPhrase;
            var text = ReadHypothesis();
            if (text.Length == 0 || text == _lastPartial)
            {
                return ValueTask.FromResult<RecognizedSegment?>(null);
            }

            _lastPartial = text;
            var end = _phraseStart + TimeSpan.FromSeconds(_samplesInPhrase / 16000.0);
            return ValueTask.FromResult<RecognizedSegment?>(new RecognizedSegment(_phrase, Language, text, false, _phraseStart, end));
        }
    }

    public ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureAlive();
            var text = "";
            if (_inUtterance)
            {
                Check(PocketSphinxNative.ps_end_utt(_decoder), "ps_end_utt");
                _inUtterance = false;
                text = ReadHypothesis();
            }

            return ValueTask.FromResult(new RecognizedSegment(_phrase, Language, text, true, _phraseStart, end));
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_decoder != IntPtr.Zero)
            {
                PocketSphinxNative.ps_free(_decoder);
                _decoder = IntPtr.Zero;
            }

            if (_config != IntPtr.Zero)
            {
                PocketSphinxNative.cmd_ln_free_r(_config);
                _config = IntPtr.Zero;
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string[] BuildArguments(PocketSphinxModel model, IReadOnlyList<string> extraArguments)
    {
        if (extraArguments.Count % 2 != 0)
        {
            throw new ArgumentException("pocketsphinx options come as name/value pairs.", nameof(extraArguments));
        }

        var options = new Dictionary<string, string>(LiveDefaults, StringComparer.Ordinal)
        {
            ["-hmm"] = model.AcousticModelDir,
            ["-lm"] = model.LanguageModelPath,
            ["-dict"] = model.DictionaryPath,
            ["-logfn"] = "/dev/null",
        };
        for (var i = 0; i < extraArguments.Count; i += 2)
        {
            options[extraArguments[i]] = extraArguments[i + 1];
        }

        return options.SelectMany(o => new[] { o.Key, o.Value }).ToArray();
    }

    private string ReadHypothesis()
    {
        var hypothesis = PocketSphinxNative.ps_get_hyp(_decoder, out _);
        return hypothesis == IntPtr.Zero ? "" : (Marshal.PtrToStringUTF8(hypothesis) ?? "").Trim();
    }

    private void EnsureAlive() => ObjectDisposedException.ThrowIf(_decoder == IntPtr.Zero, this);

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"pocketsphinx {call} failed ({result}).");
        }
    }
}
