using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Stages;

/// <summary>
/// Streaming speech recognition for one session: 16 kHz 16-bit mono PCM in, partial hypotheses while a phrase is
/// open and one final segment when it closes. Calls come from one task at a time (the session's ASR loop);
/// the engine stays loaded between phrases.
/// </summary>
public interface ISpeechRecognizer : IAsyncDisposable
{
    string Language { get; }

    /// <summary>The speaker's audio is arriving (called per block, so cheap): an engine loaded on demand starts loading now.</summary>
    void PrepareForSpeech()
    {
    }

    ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken);

    /// <summary>Feeds audio of the open phrase; returns the current partial hypothesis when it changed, else null.</summary>
    ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken);

    /// <summary>Closes the phrase and returns its final text (empty when nothing was recognised).</summary>
    ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken);
}
