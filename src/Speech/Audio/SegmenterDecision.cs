namespace BroadcastOperator.Speech.Audio;

/// <summary>What the caller does with the 10 ms frame it just gave the <see cref="PhraseSegmenter"/>.</summary>
public enum SegmenterDecision
{
    /// <summary>Outside any phrase: drop it.</summary>
    Silence,

    /// <summary>A phrase opens: feed the pre-roll (which already includes this frame).</summary>
    PhraseStarted,

    /// <summary>Inside a phrase: feed it.</summary>
    Continue,

    /// <summary>Feed it, then close the phrase (hangover elapsed).</summary>
    PhraseEnded,

    /// <summary>The phrase hit its maximum length: close it, then open a new one with the pre-roll (this frame).</summary>
    PhraseSplit,
}
