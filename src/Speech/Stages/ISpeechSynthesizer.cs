using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Stages;

/// <summary>
/// Text to 16-bit mono PCM, yielded in chunks as soon as the engine has them (each chunk carries its sample rate).
/// Safe to call concurrently; engines that cannot synthesize in parallel serialize internally.
/// </summary>
public interface ISpeechSynthesizer
{
    IReadOnlyCollection<string> Languages { get; }

    IAsyncEnumerable<PcmChunk> SynthesizeAsync(string text, string language, string? voice, CancellationToken cancellationToken);
}
