using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// Follows one phrase 10 ms at a time as it is spoken — level per frame, F0 every 20 ms of speech — so that at the
/// end of the phrase only a few sorts remain (<see cref="Finish"/> costs well under a millisecond): the analysis adds
/// nothing noticeable to the end-of-phrase → first packet latency. Reused phrase after phrase.
/// </summary>
public sealed class ProsodyTracker
{
    private const int PauseFrames = 15; // 150 ms of no speech inside a phrase is a pause
    private const double NucleusDipDb = 2; // de Jong and Wempe (2009): peaks must be separated by a dip this deep
    private const double NucleusFloorBelowMaxDb = 25;
    private const double FinalStretchSeconds = 0.5;

    private readonly PitchEstimator _pitch = new();
    private readonly short[] _history;
    private readonly List<double> _framePower = new(1600);
    private readonly List<bool> _frameSpeech = new(1600);
    private readonly List<(double Seconds, double Hz)> _f0 = new(800);
    private int _historyFilled;

    public ProsodyTracker() => _history = new short[_pitch.SamplesNeeded];

    public void Begin()
    {
        _framePower.Clear();
        _frameSpeech.Clear();
        _f0.Clear();
        _historyFilled = 0;
    }

    /// <summary>One 10 ms frame of the phrase and whether it carries speech.</summary>
    public void AddFrame(ReadOnlySpan<short> frame, bool speech)
    {
        // Slide the pitch window along: the newest samples at the end.
        var keep = _history.Length - frame.Length;
        Array.Copy(_history, frame.Length, _history, 0, keep);
        frame.CopyTo(_history.AsSpan(keep));
        _historyFilled = Math.Min(_history.Length, _historyFilled + frame.Length);

        _framePower.Add(AudioLevel.MeanSquare(frame));
        _frameSpeech.Add(speech);
        if (speech && _historyFilled == _history.Length && _framePower.Count % 2 == 0
            && _pitch.Estimate(_history) is { } hz)
        {
            _f0.Add((_framePower.Count * 0.01, hz));
        }
    }

    /// <summary>The phrase's figures; <paramref name="text"/> (the recognized words, if any) gives words per second.</summary>
    public PhraseProsody Finish(string? text = null)
    {
        var frames = _framePower.Count;
        var speechFrames = _frameSpeech.Count(s => s);
        var (pauses, pauseFrames) = Pauses();
        // Articulation time: from the first to the last frame of speech, less the pauses (short gaps between syllables stay).
        var spoken = speechFrames == 0 ? 0 : _frameSpeech.LastIndexOf(true) - _frameSpeech.IndexOf(true) + 1 - pauseFrames;
        var speechTime = TimeSpan.FromMilliseconds(spoken * 10);
        var speechPower = speechFrames == 0 ? 0 : Enumerable.Range(0, frames).Where(i => _frameSpeech[i]).Sum(i => _framePower[i]) / speechFrames;
        var syllables = CountNuclei();
        var words = string.IsNullOrWhiteSpace(text) ? 0 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var (f0, range, slope) = Pitch();
        return new PhraseProsody(
            TimeSpan.FromMilliseconds(frames * 10),
            speechTime,
            syllables,
            speechFrames == 0 ? 0 : syllables / speechTime.TotalSeconds,
            words == 0 || speechFrames == 0 ? null : words / speechTime.TotalSeconds,
            AudioLevel.ToDbfs(speechPower),
            f0,
            range,
            slope,
            pauses,
            TimeSpan.FromMilliseconds(pauseFrames * 10));
    }

    /// <summary>Syllable nuclei: peaks of the smoothed level among speech frames, each separated from the last by a dip.</summary>
    private int CountNuclei()
    {
        var frames = _framePower.Count;
        if (frames < 3)
        {
            return 0;
        }

        var envelope = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            var from = Math.Max(0, i - 1);
            var to = Math.Min(frames - 1, i + 1);
            double sum = 0;
            for (var j = from; j <= to; j++)
            {
                sum += _framePower[j];
            }

            envelope[i] = AudioLevel.ToDbfs(sum / (to - from + 1));
        }

        var floor = envelope.Max() - NucleusFloorBelowMaxDb;
        var nuclei = 0;
        var lastPeak = -1;
        for (var i = 1; i < frames - 1; i++)
        {
            if (!_frameSpeech[i] || envelope[i] < floor || envelope[i] <= envelope[i - 1] || envelope[i] < envelope[i + 1])
            {
                continue;
            }

            if (lastPeak < 0)
            {
                (lastPeak, nuclei) = (i, 1);
                continue;
            }

            var dip = double.MaxValue;
            for (var j = lastPeak; j <= i; j++)
            {
                dip = Math.Min(dip, envelope[j]);
            }

            if (Math.Min(envelope[lastPeak], envelope[i]) - dip >= NucleusDipDb)
            {
                (lastPeak, nuclei) = (i, nuclei + 1);
            }
            else if (envelope[i] > envelope[lastPeak])
            {
                lastPeak = i; // the same syllable, its real peak
            }
        }

        return nuclei;
    }

    private (int Count, int Frames) Pauses()
    {
        var first = _frameSpeech.IndexOf(true);
        var last = _frameSpeech.LastIndexOf(true);
        int count = 0, total = 0, run = 0;
        for (var i = first + 1; first >= 0 && i <= last; i++)
        {
            if (!_frameSpeech[i])
            {
                run++;
                continue;
            }

            if (run >= PauseFrames)
            {
                count++;
                total += run;
            }

            run = 0;
        }

        return (count, total);
    }

    private (double? Hz, double? RangeSemitones, double? FinalSlope) Pitch()
    {
        if (_f0.Count == 0)
        {
            return (null, null, null);
        }

        var sorted = _f0.Select(p => p.Hz).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var range = 12 * Math.Log2(sorted[(int)(sorted.Length * 0.9)] / sorted[(int)(sorted.Length * 0.1)]);

        // The final movement: a least-squares line through the last half second of F0, in semitones.
        var end = _f0[^1].Seconds;
        var tail = _f0.Where(p => p.Seconds >= end - FinalStretchSeconds).ToList();
        double? slope = null;
        if (tail.Count >= 4)
        {
            var meanT = tail.Average(p => p.Seconds);
            var meanS = tail.Average(p => 12 * Math.Log2(p.Hz / median));
            var covariance = tail.Sum(p => (p.Seconds - meanT) * (12 * Math.Log2(p.Hz / median) - meanS));
            var variance = tail.Sum(p => (p.Seconds - meanT) * (p.Seconds - meanT));
            slope = variance > 0 ? covariance / variance : null;
        }

        return (median, range, slope);
    }
}
