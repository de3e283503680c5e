using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Quality;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Expression;

public sealed class ProsodyTests
{
    /// <summary>Runs a phrase through the tracker; a frame is speech when it is louder than -60 dBFS (the signals pause in digital silence).</summary>
    private static PhraseProsody Track(short[] samples, string? text = null)
    {
        var tracker = new ProsodyTracker();
        tracker.Begin();
        for (var offset = 0; offset + 160 <= samples.Length; offset += 160)
        {
            var frame = samples.AsSpan(offset, 160);
            tracker.AddFrame(frame, AudioLevel.ToDbfs(AudioLevel.MeanSquare(frame)) > -60);
        }
        return tracker.Finish(text);
    }

    [Theory]
    [InlineData(180)]
    [InlineData(95)]
    [InlineData(260)]
    public void Yin_finds_the_f0_of_a_glottal_pulse_train_within_5_percent(double hz)
    {
        var estimator = new PitchEstimator();
        var pulses = Signals.GlottalPulses(hz, TimeSpan.FromSeconds(0.2));
        var f0 = estimator.Estimate(pulses.AsSpan(0, estimator.SamplesNeeded));
        Assert.NotNull(f0);
        Assert.InRange(f0!.Value, hz * 0.95, hz * 1.05);

        var phrase = Track(pulses.Concat(Signals.GlottalPulses(hz, TimeSpan.FromSeconds(1))).ToArray());
        Assert.InRange(phrase.F0Hz!.Value, hz * 0.95, hz * 1.05);
        Assert.InRange(phrase.F0RangeSemitones!.Value, 0, 0.5);
    }

    [Fact]
    public void Noise_has_no_f0()
    {
        var estimator = new PitchEstimator();
        Assert.Null(estimator.Estimate(Signals.NoiseAt(-20, TimeSpan.FromSeconds(0.1))));
    }

    [Theory]
    [InlineData(200, 100)]
    [InlineData(120, 60)]
    public void The_syllable_rate_of_syllable_bursts_is_found_within_15_percent(int onMs, int offMs)
    {
        var expected = 1000.0 / (onMs + offMs);
        var phrase = Track(Signals.Syllables(-20, TimeSpan.FromSeconds(3), onMs: onMs, offMs: offMs));
        Assert.InRange(phrase.SyllablesPerSecond, expected * 0.85, expected * 1.15);
        Assert.InRange(phrase.LoudnessDbfs, -21, -19);
        Assert.Equal(0, phrase.Pauses);
    }

    [Fact]
    public void A_pause_inside_the_phrase_is_counted_and_left_out_of_the_rate()
    {
        var syllables = Signals.Syllables(-20, TimeSpan.FromSeconds(1.5));
        var phrase = Track(Signals.Concat(syllables, Signals.Silence(TimeSpan.FromSeconds(0.6)), syllables), "one two three four");
        Assert.Equal(1, phrase.Pauses);
        Assert.InRange(phrase.PauseTime.TotalSeconds, 0.6, 0.75);
        Assert.InRange(phrase.SyllablesPerSecond, 3.33 * 0.85, 3.33 * 1.15);
        Assert.NotNull(phrase.WordsPerSecond);
    }

    [Fact]
    public void A_rising_end_is_a_question_and_a_falling_one_is_not()
    {
        var level = Signals.GlottalPulses(150, TimeSpan.FromSeconds(1));
        var rising = Track(Signals.Concat(level, Signals.GlottalGlide(150, 200, TimeSpan.FromSeconds(0.5))));
        var falling = Track(Signals.Concat(level, Signals.GlottalGlide(150, 115, TimeSpan.FromSeconds(0.5))));

        Assert.True(rising.FinalSlopeSemitonesPerSecond >= ExpressionRules.QuestionSlope, $"rising slope {rising.FinalSlopeSemitonesPerSecond}");
        Assert.True(falling.FinalSlopeSemitonesPerSecond < 0, $"falling slope {falling.FinalSlopeSemitonesPerSecond}");
        Assert.Equal(ExpressionLabel.Question, new SpeakerBaseline().Relate(rising).Label);
        Assert.NotEqual(ExpressionLabel.Question, new SpeakerBaseline().Relate(falling).Label);
    }

    [Fact]
    public void Against_the_speakers_usual_voice_fast_loud_high_is_excited_and_slow_quiet_is_calm()
    {
        var baseline = new SpeakerBaseline();
        var usual = Track(Signals.Syllables(-20, TimeSpan.FromSeconds(3), f0: 140, onMs: 160, offMs: 90));
        for (var i = 0; i < 6; i++)
        {
            baseline.Relate(usual);
        }
        Assert.Equal(ExpressionLabel.Neutral, baseline.Relate(usual).Label);

        var excited = baseline.Relate(Track(Signals.Syllables(-12, TimeSpan.FromSeconds(3), f0: 180, onMs: 110, offMs: 60)));
        Assert.Equal(ExpressionLabel.Excited, excited.Label);
        Assert.True(excited.RateRatio > 1.15 && excited.LoudnessDeltaDb > 6 && excited.PitchDeltaSemitones > 3, excited.ToString());

        var calm = baseline.Relate(Track(Signals.Syllables(-28, TimeSpan.FromSeconds(3), f0: 130, onMs: 260, offMs: 140)));
        Assert.Equal(ExpressionLabel.Calm, calm.Label);
        Assert.True(calm.RateRatio < 0.85 && calm.LoudnessDeltaDb < -6, calm.ToString());

        var emphatic = baseline.Relate(Track(Signals.Syllables(-13, TimeSpan.FromSeconds(3), f0: 140, onMs: 170, offMs: 100)));
        Assert.Equal(ExpressionLabel.Emphatic, emphatic.Label);
    }
}
