using BroadcastOperator.Shared.Worker;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The audio-quality thresholds the worker judges the speaker by come from BROADCAST_AUDIO_QUALITY_*, else its defaults.</summary>
public sealed class AudioQualitySettingsTests
{
    /// <summary>One second of a speaker's figures: speech at this level, 30 dB above the noise, this much clipped.</summary>
    private static AudioQualityWindow Window(double speechDbfs = -20, double clipping = 0) => new(
        TimeSpan.FromSeconds(1), speechDbfs - 3, speechDbfs + 10, clipping, 0, 0.6, speechDbfs, speechDbfs - 30, 30, 0, TimeSpan.Zero);

    private static AudioQualityReason Verdict(AudioQualityOptions options, AudioQualityWindow window, int windows = 5)
    {
        var judge = new AudioQualityJudge(options);
        for (var i = 0; i < windows; i++)
        {
            judge.Observe(window);
        }
        return judge.Verdict.Reason;
    }

    [Fact]
    public void Without_the_variables_the_worker_judges_by_the_documented_defaults()
    {
        var quality = AdvertisedSettingsTests.Read().Quality;
        var defaults = new AudioQualityOptions();

        Assert.Equal(defaults, quality);
        // The shared description (the operator's checks and the chart's documentation) says the same defaults.
        Assert.Equal(defaults.ClippingRatio, AudioQualityThresholds.ClippingRatio.Default);
        Assert.Equal(defaults.TooQuietSpeechDbfs, AudioQualityThresholds.TooQuietDbfs.Default);
        Assert.Equal(defaults.NoisySnrDb, AudioQualityThresholds.NoisySnrDb.Default);
        Assert.Equal(defaults.DropoutRatio, AudioQualityThresholds.DropoutRatio.Default);
        Assert.Equal(defaults.LongSilence.TotalSeconds, AudioQualityThresholds.NoSignalSeconds.Default);
        Assert.Equal(defaults.RaiseAfterWindows, AudioQualityThresholds.RaiseAfterWindows.Default);
        Assert.Equal(defaults.ClearAfterWindows, AudioQualityThresholds.ClearAfterWindows.Default);
    }

    [Fact]
    public void A_lower_too_quiet_threshold_turns_speech_at_minus_45_dBFS_from_too_quiet_to_good()
    {
        var quiet = Window(speechDbfs: -45);

        Assert.Equal(AudioQualityReason.TooQuiet, Verdict(AdvertisedSettingsTests.Read().Quality, quiet));
        Assert.Equal(AudioQualityReason.Good, Verdict(AdvertisedSettingsTests.Read((WorkerEnvironment.QualityTooQuietDbfs, "-50")).Quality, quiet));
    }

    [Fact]
    public void A_higher_clipping_ratio_tolerates_a_few_flat_tops_and_a_stricter_one_does_not()
    {
        var someClipping = Window(clipping: 0.002);

        Assert.Equal(AudioQualityReason.Clipping, Verdict(AdvertisedSettingsTests.Read().Quality, someClipping));
        Assert.Equal(AudioQualityReason.Good, Verdict(AdvertisedSettingsTests.Read((WorkerEnvironment.QualityClippingRatio, "0.01")).Quality, someClipping));
        Assert.Equal(AudioQualityReason.Clipping, Verdict(AdvertisedSettingsTests.Read((WorkerEnvironment.QualityClippingRatio, "0.0015")).Quality, someClipping));
    }

    [Fact]
    public void More_windows_to_raise_a_problem_hold_the_verdict_longer()
    {
        var clipped = Window(clipping: 0.05);
        var patient = AdvertisedSettingsTests.Read((WorkerEnvironment.QualityRaiseAfterWindows, "4")).Quality;

        Assert.Equal(AudioQualityReason.Clipping, Verdict(AdvertisedSettingsTests.Read().Quality, clipped, windows: 2));
        Assert.Equal(AudioQualityReason.Good, Verdict(patient, clipped, windows: 3));
        Assert.Equal(AudioQualityReason.Clipping, Verdict(patient, clipped, windows: 4));
    }

    [Theory]
    [InlineData(WorkerEnvironment.QualityClippingRatio, "2")]
    [InlineData(WorkerEnvironment.QualityTooQuietDbfs, "10")]
    [InlineData(WorkerEnvironment.QualityNoSignalSeconds, "0")]
    [InlineData(WorkerEnvironment.QualityRaiseAfterWindows, "1.5")]
    [InlineData(WorkerEnvironment.QualityNoisySnrDb, "loud")]
    public void A_bad_threshold_fails_the_start_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AdvertisedSettingsTests.Read((variable, value)));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
