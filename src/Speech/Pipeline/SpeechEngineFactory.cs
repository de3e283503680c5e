using BroadcastOperator.Speech.Engines.Aws;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Pipeline;

/// <summary>
/// Builds a session's engines from spec.engines. The translator and synthesizer are shared by every session of
/// the process (apertium pipelines and the espeak-ng state are per process); the recognizer is per session.
/// </summary>
public sealed class SpeechEngineFactory : IAsyncDisposable
{
    private readonly Lazy<ApertiumTranslator> _apertium = new(() => new ApertiumTranslator());
    private readonly Lazy<EspeakSynthesizer> _espeak = new(() => new EspeakSynthesizer());
    private readonly HttpClient _http;
    private readonly AwsServiceOptions _aws;

    public SpeechEngineFactory(HttpClient http, AwsServiceOptions? aws = null)
    {
        _http = http;
        _aws = aws ?? new AwsServiceOptions();
    }

    /// <summary>Language pairs Amazon Translate is asked to serve when translation is "aws".</summary>
    public IReadOnlyCollection<LanguagePair> CloudPairs { get; init; } = [];

    /// <summary>
    /// How long pocketsphinx stays loaded without speaker audio. Its models are most of an idle worker's memory;
    /// loading them again takes about a second, paid when the speaker's audio next arrives (normally before they speak).
    /// </summary>
    public TimeSpan RecognizerIdleRelease { get; init; } = TimeSpan.FromMinutes(5);

    public SpeechEngines Create(string sourceLanguage, EngineSelection selection)
    {
        ISpeechRecognizer recognizer = selection.Asr == EngineSelection.Aws
            ? new TranscribeStreamingRecognizer(_aws, sourceLanguage)
            : LocalRecognizer();
        ITranslator translator = selection.Translation == EngineSelection.Aws
            ? new AmazonTranslateClient(_http, _aws, CloudPairs)
            : _apertium.Value;
        ISpeechSynthesizer synthesizer = selection.Tts == EngineSelection.Aws
            ? new AmazonPollySynthesizer(_http, _aws)
            : _espeak.Value;
        return new SpeechEngines(recognizer, translator, synthesizer);
    }

    private OnDemandRecognizer LocalRecognizer()
    {
        var model = PocketSphinxModel.DebianEnglish;
        if (!model.IsInstalled)
        {
            // Said at session start, as when the models were loaded then.
            throw new InvalidOperationException($"pocketsphinx model for '{model.Language}' not found at {model.AcousticModelDir}.");
        }

        return new OnDemandRecognizer(model.Language, () => new PocketSphinxRecognizer(model), RecognizerIdleRelease);
    }

    public async ValueTask DisposeAsync()
    {
        if (_apertium.IsValueCreated)
        {
            await _apertium.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
