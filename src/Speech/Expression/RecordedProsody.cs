using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.Speech.Expression;

/// <summary>
/// The prosody of a whole recording of one phrase (synthesized speech, say), measured the way the pipeline measures the
/// speaker: resampled to 16 kHz and run through <see cref="ProsodyTracker"/>. With no live noise floor to track, a 10 ms
/// frame counts as speech when it is within <see cref="SpeechRangeDb"/> of the loudest frame and above -60 dBFS.
/// </summary>
public static class RecordedProsody
{
    public const double SpeechRangeDb = 30;
    private const double GateDbfs = -60;
    private const int FrameSamples = 160;

    public static PhraseProsody Measure(ReadOnlySpan<short> samples, int sampleRate)
    {
        var pcm = To16k(samples, sampleRate);
        var frames = pcm.Length / FrameSamples;
        var levels = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            levels[i] = AudioLevel.ToDbfs(AudioLevel.MeanSquare(pcm.AsSpan(i * FrameSamples, FrameSamples)));
        }

        var loudest = frames == 0 ? AudioLevel.FloorDbfs : levels.Max();
        var tracker = new ProsodyTracker();
        tracker.Begin();
        for (var i = 0; i < frames; i++)
        {
            tracker.AddFrame(pcm.AsSpan(i * FrameSamples, FrameSamples), levels[i] > GateDbfs && levels[i] >= loudest - SpeechRangeDb);
        }

        return tracker.Finish();
    }

    private static short[] To16k(ReadOnlySpan<short> samples, int sampleRate)
    {
        if (sampleRate == 16000)
        {
            return samples.ToArray();
        }

        var resampler = new PolyphaseResampler(sampleRate, 16000);
        var output = new short[resampler.MaxOutputFor(samples.Length)];
        var written = resampler.Process(samples, output);
        return output[..written];
    }
}
