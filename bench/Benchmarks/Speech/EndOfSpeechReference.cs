namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>
/// Where speech really ends in the fed stream, found offline from the audio itself and never from the pipeline's
/// VAD: per utterance, a 10 ms frame is speech when its level is 10 dB above that file's 10th-percentile level (its
/// noise floor); the gaps between utterances are never speech. On the librivox files this lands within ~30 ms of
/// the last word's end in pocketsphinx_continuous's own word alignment (-time yes).
/// </summary>
internal sealed class EndOfSpeechReference
{
    private const int FrameSamples = 160;
    private const double MarginDb = 10;
    private readonly List<TimeSpan> _speechEnds = [];

    /// <summary>Adds an utterance that starts at <paramref name="offset"/> in the stream.</summary>
    public void AddUtterance(TimeSpan offset, short[] samples)
    {
        var levels = new double[samples.Length / FrameSamples];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = BroadcastOperator.Speech.Audio.VoiceActivityDetector.LevelDbfs(samples.AsSpan(i * FrameSamples, FrameSamples));
        }

        if (levels.Length == 0)
        {
            return;
        }

        var floor = levels.Order().ElementAt(levels.Length / 10);
        for (var i = 0; i < levels.Length; i++)
        {
            var speech = levels[i] > floor + MarginDb;
            var nextIsSpeech = i + 1 < levels.Length && levels[i + 1] > floor + MarginDb;
            if (speech && !nextIsSpeech)
            {
                _speechEnds.Add(offset + TimeSpan.FromMilliseconds((i + 1) * 10));
            }
        }
    }

    /// <summary>The end of the last stretch of speech at or before <paramref name="position"/>, or null.</summary>
    public TimeSpan? LastSpeechEndBefore(TimeSpan position)
    {
        TimeSpan? last = null;
        foreach (var end in _speechEnds)
        {
            if (end > position)
            {
                break;
            }

            last = end;
        }

        return last;
    }
}
