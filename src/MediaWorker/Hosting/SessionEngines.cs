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
    /// Starts the translation pipelines ahead of the first phrase: apertium takes seconds to load a pair, which the
    /// first phrase would otherwise wait for. With a recognizer loaded on demand they follow it: started when the
    /// speaker's audio arrives, stopped when the recognizer is released for lack of it (a pair's pipeline holds
    /// about 190 MB), so a session without a speaker holds neither.
    /// </summary>
    public static async Task WarmUpAsync(SpeechEngines engines, WorkerSettings settings, IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        if (engines.Translator is not ApertiumTranslator apertium)
        {
            return;
        }

        var pairs = targets.Select(target => new LanguagePair(settings.SourceLanguage, target)).ToList();
        if (engines.Recognizer is not OnDemandRecognizer recognizer)
        {
            await apertium.WarmUpAsync(pairs, cancellationToken);
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await NextAsync(h => recognizer.LoadStarted += h, h => recognizer.LoadStarted -= h, () => recognizer.Loaded, cancellationToken);
            await apertium.WarmUpAsync(pairs, cancellationToken);
            await NextAsync(h => recognizer.Released += h, h => recognizer.Released -= h, () => !recognizer.Loaded, cancellationToken);
            await apertium.StopPipelinesAsync();
        }
    }

    /// <summary>Completes at the next raise of an event, or at once when <paramref name="already"/> says it has happened.</summary>
    private static async Task NextAsync(Action<Action> subscribe, Action<Action> unsubscribe, Func<bool> already, CancellationToken cancellationToken)
    {
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRaised() => raised.TrySetResult();
        subscribe(OnRaised);
        try
        {
            if (!already())
            {
                await raised.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            unsubscribe(OnRaised);
        }
    }
}
