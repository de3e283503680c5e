using BroadcastOperator.MediaWorker.Configuration;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>Builds the session's speech engines from the spec's per-stage choice.</summary>
public static class SpeechEngineFactory
{
    public static SpeechEngines Create(WorkerSettings settings)
    {
        foreach (var (stage, engine) in new[] { ("asr", settings.AsrEngine), ("translation", settings.TranslationEngine), ("tts", settings.TtsEngine) })
        {
            if (engine != "local")
            {
                throw new InvalidOperationException($"the {stage} engine \"{engine}\" is not available in this worker; use engines.{stage}: local");
            }
        }
        var catalog = EngineCatalog.DiscoverInstalled();
        catalog.EnsureServed(settings.SourceLanguage, settings.TargetLanguages);
        return new SpeechEngines(new PocketSphinxRecognizer(), new ApertiumTranslator(), new EspeakSynthesizer());
    }
}
