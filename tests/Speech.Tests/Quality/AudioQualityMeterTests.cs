using BroadcastOperator.Speech.Quality;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Quality;

public sealed class AudioQualityMeterTests
{
    private static List<AudioQualityWindow> Measure(short[] samples, AudioQualityMeter? meter = null)
    {
        meter ??= new AudioQualityMeter();
        var windows = new List<AudioQualityWindow>();
        for (var offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            if (meter.Process(samples.AsSpan(offset, 160)) is { } window)
            {
                windows.Add(window);
            }
        }
        return windows;
    }

    private static AudioQualityVerdict Judge(IEnumerable<AudioQualityWindow> windows)
    {
        var judge = new AudioQualityJudge(new AudioQualityOptions());
        foreach (var window in windows)
        {
            judge.Observe(window);
        }
        return judge.Verdict;
    }

    [Fact]
    public void A_hard_clipped_sine_reports_clipping_and_the_same_sine_unclipped_does_not()
    {
        // A sine peaking at -3 dBFS, then the same driven 12 dB into the rails.
        var amplitude = 32767 * Math.Pow(10, -3 / 20.0);
        var clean = Signals.Sine(220, TimeSpan.FromSeconds(4), amplitude);
        var clipped = Signals.Amplify(clean, 4);

        var clippedWindows = Measure(clipped);
        Assert.All(clippedWindows, w => Assert.True(w.ClippingRatio > 0.3, $"clipping ratio {w.ClippingRatio}"));
        Assert.Equal(AudioQualityReason.Clipping, Judge(clippedWindows).Reason);
        Assert.Contains("% of samples clipped", Judge(clippedWindows).Message, StringComparison.Ordinal);

        var cleanWindows = Measure(clean);
        Assert.All(cleanWindows, w => Assert.Equal(0, w.ClippingRatio));
        Assert.All(cleanWindows, w => Assert.InRange(w.PeakDbfs, -3.2, -2.8));
        Assert.All(cleanWindows, w => Assert.InRange(w.RmsDbfs, -6.2, -5.8));
        Assert.Equal(AudioQualityReason.Good, Judge(cleanWindows).Reason);
    }

    [Fact]
    public void Speech_at_minus_45_dBFS_reports_too_quiet_and_at_minus_20_is_good()
    {
        var quiet = Measure(Signals.Syllables(-45, TimeSpan.FromSeconds(5)));
        Assert.All(quiet.Skip(1), w => Assert.InRange(w.SpeechDbfs!.Value, -46, -44));
        var verdict = Judge(quiet);
        Assert.Equal(AudioQualityReason.TooQuiet, verdict.Reason);
        Assert.Contains("-45 dBFS", verdict.Message, StringComparison.Ordinal);

        Assert.Equal(AudioQualityReason.Good, Judge(Measure(Signals.Syllables(-20, TimeSpan.FromSeconds(5)))).Reason);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(12)]
    [InlineData(8)]
    public void White_noise_under_speech_gives_the_snr_within_3_dB(double snrDb)
    {
        const double speechDbfs = -20;
        var speech = Signals.Syllables(speechDbfs, TimeSpan.FromSeconds(8));
        var noise = Signals.NoiseAt(speechDbfs - snrDb, TimeSpan.FromSeconds(8));
        var windows = Measure(Signals.Mix(speech, noise));

        var measured = windows.Skip(2).Select(w => w.SnrDb!.Value).Average();
        Assert.InRange(measured, snrDb - 3, snrDb + 3);
        Assert.Equal(snrDb < 15 ? AudioQualityReason.Noisy : AudioQualityReason.Good, Judge(windows).Reason);
    }

    [Fact]
    public void Digital_silence_for_longer_than_the_limit_is_no_signal_and_speech_clears_it()
    {
        var options = new AudioQualityOptions { LongSilence = TimeSpan.FromSeconds(5) };
        var meter = new AudioQualityMeter(options);
        var judge = new AudioQualityJudge(options);
        var reasons = Measure(Signals.Concat(Signals.Silence(TimeSpan.FromSeconds(8)), Signals.Syllables(-20, TimeSpan.FromSeconds(5))), meter)
            .Select(w => { judge.Observe(w); return judge.Verdict.Reason; }).ToList();

        Assert.Equal(AudioQualityReason.Good, reasons[3]);
        Assert.Equal(AudioQualityReason.NoSignal, reasons[7]);
        Assert.Equal(AudioQualityReason.Good, reasons[^1]);
    }

    [Fact]
    public void Lost_packets_past_the_threshold_are_dropouts()
    {
        var meter = new AudioQualityMeter();
        var judge = new AudioQualityJudge(meter.Options);
        var speech = Signals.Syllables(-20, TimeSpan.FromSeconds(1));
        for (var second = 0; second < 3; second++)
        {
            meter.CountPackets(received: 45, lost: 5);
            foreach (var w in Measure(speech, meter))
            {
                Assert.Equal(0.1, w.DropoutRatio, 3);
                judge.Observe(w);
            }
        }
        Assert.Equal(AudioQualityReason.Dropouts, judge.Verdict.Reason);
    }

    [Fact]
    public void A_dc_offset_is_measured()
    {
        var shifted = Signals.Syllables(-20, TimeSpan.FromSeconds(2)).Select(s => (short)(s + 3277)).ToArray();
        Assert.All(Measure(shifted), w => Assert.InRange(w.DcOffset, 0.09, 0.11));
    }

    [Fact]
    public void One_clipped_window_among_clean_ones_does_not_flip_the_verdict()
    {
        var options = new AudioQualityOptions();
        var judge = new AudioQualityJudge(options);
        var clean = Measure(Signals.Syllables(-20, TimeSpan.FromSeconds(6)));
        var clippedWindow = Measure(Signals.Amplify(Signals.Sine(220, TimeSpan.FromSeconds(1), 20000), 4)).Single();
        var changes = 0;
        foreach (var window in clean.Take(3).Append(clippedWindow).Concat(clean.Skip(3)))
        {
            changes += judge.Observe(window) ? 1 : 0;
        }
        Assert.Equal(0, changes);
        Assert.True(judge.Verdict.IsGood);
    }

    [Fact]
    public void Clipping_clears_only_after_enough_clean_windows()
    {
        var judge = new AudioQualityJudge(new AudioQualityOptions { RaiseAfterWindows = 2, ClearAfterWindows = 3 });
        var clipped = Measure(Signals.Amplify(Signals.Syllables(-6, TimeSpan.FromSeconds(3)), 8));
        var clean = Measure(Signals.Syllables(-20, TimeSpan.FromSeconds(4)));
        var reasons = clipped.Concat(clean).Select(w => { judge.Observe(w); return judge.Verdict.Reason; }).ToList();

        Assert.Equal([AudioQualityReason.Good, AudioQualityReason.Clipping, AudioQualityReason.Clipping,
            AudioQualityReason.Clipping, AudioQualityReason.Clipping, AudioQualityReason.Good, AudioQualityReason.Good], reasons);
    }
}
