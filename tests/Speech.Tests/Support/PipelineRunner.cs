using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Pipeline;

namespace BroadcastOperator.Speech.Tests.Support;

/// <summary>Feeds recorded 16 kHz audio through a fresh pipeline as fast as it is consumed and collects what came out.</summary>
public static class PipelineRunner
{
    public sealed record Result(IReadOnlyList<CaptionEvent> Captions, IReadOnlyList<PhraseLatency> Latencies, SpeechPipeline Pipeline)
    {
        public IEnumerable<CaptionEvent> Finals(string language) => Captions.Where(c => c.IsFinal && c.Language == language);

        public string FinalText(string language) => string.Join(' ', Finals(language).Select(c => c.Text).Where(t => t.Length > 0));
    }

    public static async Task<Result> RunAsync(SpeechPipelineOptions options, SpeechEngines engines, short[] audio, TimeSpan timeout)
    {
        await using var pipeline = new SpeechPipeline(options, engines);
        pipeline.Start();
        using var cancel = new CancellationTokenSource(timeout);
        for (var i = 0; i < audio.Length; i += 320)
        {
            await pipeline.WritePcm16kAsync(audio.AsMemory(i, Math.Min(320, audio.Length - i)), cancel.Token);
        }

        await pipeline.CompleteAsync(cancel.Token);
        var captions = new List<CaptionEvent>();
        while (pipeline.Captions.TryRead(out var caption))
        {
            captions.Add(caption);
        }

        var latencies = new List<PhraseLatency>();
        while (pipeline.Latencies.TryRead(out var latency))
        {
            latencies.Add(latency);
        }

        return new Result(captions, latencies, pipeline);
    }
}
