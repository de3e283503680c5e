using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>
/// The speech pipeline of a session's translated languages and the engines it runs on. A session whose listeners
/// all hear the source language has none.
/// </summary>
internal sealed class TranslatedSpeech : IAsyncDisposable
{
    private TranslatedSpeech(SpeechEngines engines, SpeechPipeline pipeline, IReadOnlyList<string> languages) =>
        (Engines, Pipeline, Languages) = (engines, pipeline, languages);

    public SpeechEngines Engines { get; }

    public SpeechPipeline Pipeline { get; }

    /// <summary>The target languages the pipeline translates into (the source language is passed through, not translated).</summary>
    public IReadOnlyList<string> Languages { get; }

    /// <returns>Null when there is nothing to translate.</returns>
    public static async Task<TranslatedSpeech?> CreateAsync(WorkerSettings settings, IReadOnlyList<string> languages, SpeechEngineFactory factory)
    {
        if (languages.Count == 0)
        {
            return null;
        }
        var engines = SessionEngines.Create(settings, factory);
        try
        {
            var pipeline = new SpeechPipeline(
                new SpeechPipelineOptions { SourceLanguage = settings.SourceLanguage, TargetLanguages = languages, Voices = settings.Voices, Expression = settings.Expression, Quality = settings.Quality }, engines);
            return new TranslatedSpeech(engines, pipeline, languages);
        }
        catch
        {
            await engines.Recognizer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        // The pipeline does not own its engines; the recognizer goes after the pipeline that feeds it.
        await Engines.Recognizer.DisposeAsync();
    }
}
