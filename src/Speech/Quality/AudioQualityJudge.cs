namespace BroadcastOperator.Speech.Quality;

/// <summary>
/// Turns windows into a standing verdict with hysteresis: a problem is raised after it shows in
/// <see cref="AudioQualityOptions.RaiseAfterWindows"/> windows in a row, and cleared after
/// <see cref="AudioQualityOptions.ClearAfterWindows"/> windows in a row that show it gone. A window that cannot tell
/// (no speech in it, so no speech level or SNR) neither raises nor clears the speech-level problems.
/// Worst first: NoSignal, Clipping, Dropouts, TooQuiet, Noisy.
/// </summary>
public sealed class AudioQualityJudge(AudioQualityOptions options)
{
    private AudioQualityReason _candidate;
    private int _candidateRun;
    private int _clearRun;

    public AudioQualityVerdict Verdict { get; private set; } = AudioQualityVerdict.Good;

    /// <summary>Takes one window; true when the verdict changed (its reason, not only its figures).</summary>
    public bool Observe(AudioQualityWindow window)
    {
        var problem = ProblemIn(window);
        var current = Verdict.Reason;
        if (problem == current)
        {
            _clearRun = 0;
            if (!Verdict.IsGood)
            {
                Verdict = AudioQualityVerdict.For(problem, window); // fresh figures, same reason
            }
            return false;
        }

        if (!Verdict.IsGood && CanTell(current, window))
        {
            _clearRun++;
        }

        _candidateRun = problem == _candidate ? _candidateRun + 1 : 1;
        _candidate = problem;
        var raise = problem != AudioQualityReason.Good && _candidateRun >= options.RaiseAfterWindows
            && (Verdict.IsGood || problem < current || _clearRun >= options.ClearAfterWindows);
        if (raise)
        {
            Verdict = AudioQualityVerdict.For(problem, window);
            _clearRun = 0;
            return true;
        }

        if (!Verdict.IsGood && _clearRun >= options.ClearAfterWindows && problem == AudioQualityReason.Good)
        {
            Verdict = AudioQualityVerdict.Good;
            _clearRun = 0;
            return true;
        }

        return false;
    }

    /// <summary>The worst problem a single window shows.</summary>
    public AudioQualityReason ProblemIn(AudioQualityWindow w)
    {
        if (w.SilenceFor >= options.LongSilence)
        {
            return AudioQualityReason.NoSignal;
        }

        if (w.ClippingRatio >= options.ClippingRatio)
        {
            return AudioQualityReason.Clipping;
        }

        if (w.DropoutRatio >= options.DropoutRatio)
        {
            return AudioQualityReason.Dropouts;
        }

        if (w.SpeechDbfs is { } speech && speech < options.TooQuietSpeechDbfs)
        {
            return AudioQualityReason.TooQuiet;
        }

        return w.SnrDb is { } snr && snr < options.NoisySnrDb ? AudioQualityReason.Noisy : AudioQualityReason.Good;
    }

    /// <summary>Whether the window is evidence about this problem at all: speech-level problems need speech in it.</summary>
    private static bool CanTell(AudioQualityReason reason, AudioQualityWindow w) =>
        reason is not (AudioQualityReason.TooQuiet or AudioQualityReason.Noisy) || w.SpeechDbfs is not null;
}
