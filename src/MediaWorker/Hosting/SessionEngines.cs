using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>The session's speech engines, per stage as the spec chose (local or aws).</summary>
public static class SessionEngines
{
    public static SpeechEngines Create(WorkerSettings settings, SpeechEngineFactory factory)
    {
        var selection = new EngineSelection(settings.AsrEngine, settings.TranslationEngine, settings.TtsEngine);
        if (selection.Translation == EngineSelection.Local)
        {
            // Refuse at start, with the served pairs in the message, rather than fail per phrase.
            EngineCatalog.DiscoverInstalled().EnsureServed(settings.SourceLanguage, settings.TargetLanguages);
        }
        return factory.Create(settings.SourceLanguage, selection);
    }

    /// <summary>
    /// Starts the translation pipelines now: apertium takes seconds to load a pair, which the first phrase of the
    /// session would otherwise wait for.
    /// </summary>
    public static Task WarmUpAsync(SpeechEngines engines, WorkerSettings settings, IEnumerable<string> targets, CancellationToken cancellationToken) =>
        engines.Translator is ApertiumTranslator apertium
            ? apertium.WarmUpAsync(targets.Select(target => new LanguagePair(settings.SourceLanguage, target)), cancellationToken)
            : Task.CompletedTask;
}
