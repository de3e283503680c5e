using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Ssml;

namespace BroadcastOperator.Speech.Stages;

/// <summary>
/// A synthesizer that also speaks SSML. The caller writes the documents in the <see cref="DialectFor"/> dialect of the
/// voice (<see cref="SsmlBuilder"/>). A document the engine refuses throws before any audio, so the caller can say the
/// phrase as plain text instead.
/// </summary>
public interface ISsmlSynthesizer : ISpeechSynthesizer
{
    /// <summary>The SSML this engine accepts for the voice (Polly: neural voices take less than standard ones).</summary>
    SsmlDialect DialectFor(string language, string? voice);

    /// <summary>Speaks the documents in order, each a complete <c>&lt;speak&gt;</c>, audio handed on as it is made.</summary>
    IAsyncEnumerable<PcmChunk> SynthesizeSsmlAsync(IReadOnlyList<string> documents, string language, string? voice, CancellationToken cancellationToken);
}
