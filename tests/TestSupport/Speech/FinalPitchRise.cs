using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.TestSupport.Speech;

/// <summary>
/// How far the end of a recorded phrase sits above (or below) its body, in semitones: the median F0 of the last
/// <see cref="FinalStretch"/> of voiced audio against the median F0 of the whole phrase. A rising question ends above its
/// body, a statement below. Steadier than a slope fitted over a few estimates when the estimator drops frames at the end.
/// </summary>
public static class FinalPitchRise
{
    public static readonly TimeSpan FinalStretch = TimeSpan.FromMilliseconds(250);

    public static double? Measure(short[] samples, int sampleRate)
    {
        var pcm = sampleRate == 16000 ? samples : Resample(samples, sampleRate);
        var estimator = new PitchEstimator();
        const int hop = 160;
        var levels = new List<double>();
        for (var i = 0; i + hop <= pcm.Length; i += hop)
        {
            levels.Add(AudioLevel.ToDbfs(AudioLevel.MeanSquare(pcm.AsSpan(i, hop))));
        }

        if (levels.Count == 0)
        {
            return null;
        }

        var gate = Math.Max(-60, levels.Max() - RecordedProsody.SpeechRangeDb);
        var track = new List<(double Seconds, double Hz)>();
        for (var frame = 0; frame < levels.Count; frame++)
        {
            var start = frame * hop;
            if (levels[frame] >= gate && start + estimator.SamplesNeeded <= pcm.Length && estimator.Estimate(pcm.AsSpan(start, estimator.SamplesNeeded)) is { } hz)
            {
                track.Add((frame * 0.01, hz));
            }
        }

        if (track.Count < 8)
        {
            return null;
        }

        var end = track[^1].Seconds;
        var final = Median(track.Where(p => p.Seconds >= end - FinalStretch.TotalSeconds).Select(p => p.Hz));
        return 12 * Math.Log2(final / Median(track.Select(p => p.Hz)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static short[] Resample(short[] samples, int rate)
    {
        var resampler = new PolyphaseResampler(rate, 16000);
        var output = new short[resampler.MaxOutputFor(samples.Length)];
        return output[..resampler.Process(samples, output)];
    }
}
