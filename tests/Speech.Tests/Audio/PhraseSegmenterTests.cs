using BroadcastOperator.Speech.Audio;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Audio;

public class PhraseSegmenterTests
{
    [Fact]
    public void Silence_opens_no_phrase()
    {
        var decisions = Run(new PhraseSegmenter(), Signals.Silence(TimeSpan.FromSeconds(5)));

        Assert.All(decisions, d => Assert.Equal(SegmenterDecision.Silence, d.Decision));
    }

    [Fact]
    public void A_pause_longer_than_the_hangover_closes_the_phrase_at_the_hangover()
    {
        var audio = Signals.Concat(
            Signals.Silence(TimeSpan.FromMilliseconds(500)),
            Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(1)),
            Signals.Silence(TimeSpan.FromSeconds(1)));
        var segmenter = new PhraseSegmenter(new SegmenterOptions { Hangover = TimeSpan.FromMilliseconds(280) });

        var decisions = Run(segmenter, audio);

        var started = decisions.Single(d => d.Decision == SegmenterDecision.PhraseStarted).At;
        var ended = decisions.Single(d => d.Decision == SegmenterDecision.PhraseEnded).At;
        Assert.InRange(started.TotalMilliseconds, 500, 560);
        Assert.InRange((ended - segmenter.LastVoiceEnd).TotalMilliseconds, 280, 290);
        Assert.InRange(segmenter.LastVoiceEnd.TotalMilliseconds, 1400, 1510);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(-45)]
    public void Over_steady_room_noise_the_phrase_closes_one_hangover_after_the_speech_stops(double noiseDbfs)
    {
        var speechStart = TimeSpan.FromSeconds(1.5);
        var speechEnd = TimeSpan.FromSeconds(3.5);
        var speech = Signals.Concat(Signals.Silence(speechStart), Signals.UnbrokenSpeechLike(speechEnd - speechStart));
        var audio = Signals.Mix(speech, Signals.NoiseAt(noiseDbfs, TimeSpan.FromSeconds(5)));
        var segmenter = new PhraseSegmenter(new SegmenterOptions { Hangover = TimeSpan.FromMilliseconds(280) });

        var decisions = Run(segmenter, audio);

        var started = decisions.Single(d => d.Decision == SegmenterDecision.PhraseStarted).At;
        var ended = decisions.Single(d => d.Decision == SegmenterDecision.PhraseEnded).At;
        Assert.InRange((started - speechStart).TotalMilliseconds, 0, 40);
        Assert.InRange((ended - speechEnd).TotalMilliseconds, 280 - 40, 280 + 10);
    }

    [Fact]
    public void Room_noise_after_digital_silence_is_not_speech()
    {
        // A gated microphone (exact zeros) that opens onto a noisy room, then speech, then the gate closes again.
        var audio = Signals.Concat(
            Signals.Silence(TimeSpan.FromSeconds(2)),
            Signals.NoiseAt(-45, TimeSpan.FromSeconds(1)),
            Signals.Mix(Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(1)), Signals.NoiseAt(-45, TimeSpan.FromSeconds(1.5), seed: 8)),
            Signals.Silence(TimeSpan.FromSeconds(1)),
            Signals.NoiseAt(-45, TimeSpan.FromSeconds(2), seed: 9));
        var segmenter = new PhraseSegmenter(new SegmenterOptions { Hangover = TimeSpan.FromMilliseconds(280) });

        var decisions = Run(segmenter, audio);

        var started = decisions.Single(d => d.Decision == SegmenterDecision.PhraseStarted).At;
        var ended = decisions.Single(d => d.Decision == SegmenterDecision.PhraseEnded).At;
        Assert.InRange(started.TotalSeconds, 3.0, 3.04);
        Assert.InRange(ended.TotalSeconds, 4.0 + 0.24, 4.0 + 0.29);
    }

    [Fact]
    public void A_pause_shorter_than_the_hangover_keeps_one_phrase()
    {
        var speech = Signals.UnbrokenSpeechLike(TimeSpan.FromMilliseconds(600));
        var audio = Signals.Concat(speech, Signals.Silence(TimeSpan.FromMilliseconds(200)), speech, Signals.Silence(TimeSpan.FromSeconds(1)));

        var decisions = Run(new PhraseSegmenter(), audio);

        Assert.Single(decisions, d => d.Decision == SegmenterDecision.PhraseStarted);
        Assert.Single(decisions, d => d.Decision == SegmenterDecision.PhraseEnded);
    }

    [Fact]
    public void Sixty_seconds_without_a_pause_are_split_at_the_maximum_phrase_length()
    {
        var decisions = Run(new PhraseSegmenter(), Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(60)));

        var splits = decisions.Where(d => d.Decision == SegmenterDecision.PhraseSplit).Select(d => d.At.TotalSeconds).ToArray();
        Assert.Equal(3, splits.Length);
        Assert.All(splits.Zip(splits.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, 14.9, 15.1));
    }

    [Fact]
    public void Pre_roll_hands_the_recognizer_the_audio_just_before_the_onset()
    {
        var segmenter = new PhraseSegmenter(new SegmenterOptions { PreRoll = TimeSpan.FromMilliseconds(200) });
        var audio = Signals.Concat(Signals.Silence(TimeSpan.FromSeconds(1)), Signals.UnbrokenSpeechLike(TimeSpan.FromSeconds(1)));

        var started = Run(segmenter, audio).First(d => d.Decision == SegmenterDecision.PhraseStarted);

        Assert.Equal(3200, started.PreRoll.Length);
        Assert.Equal(audio.AsSpan((int)(started.At.TotalSeconds * 16000) - 3200, 3200).ToArray(), started.PreRoll);
    }

    private static List<(SegmenterDecision Decision, TimeSpan At, short[] PreRoll)> Run(PhraseSegmenter segmenter, short[] audio)
    {
        var result = new List<(SegmenterDecision, TimeSpan, short[])>();
        for (var i = 0; i + PhraseSegmenter.FrameSamples <= audio.Length; i += PhraseSegmenter.FrameSamples)
        {
            var decision = segmenter.Process(audio.AsSpan(i, PhraseSegmenter.FrameSamples));
            var preRoll = new short[segmenter.PreRollLength];
            segmenter.CopyPreRoll(preRoll);
            result.Add((decision, segmenter.Position, preRoll));
        }

        return result;
    }
}
