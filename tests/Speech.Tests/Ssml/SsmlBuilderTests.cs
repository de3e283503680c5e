using System.Xml.Linq;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Ssml;

namespace BroadcastOperator.Speech.Tests.Ssml;

public sealed class SsmlBuilderTests
{
    private static readonly PhraseProsody NoPauses = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), 8, 4, null, -20, 120, 4, null, 0, TimeSpan.Zero);

    private static PhraseExpression Said(ExpressionLabel label, double rate = 1, double loudnessDb = 0, double pitchSt = 0, PhraseProsody? prosody = null) =>
        new(label, rate, loudnessDb, pitchSt, 1, null, prosody ?? NoPauses);

    private static XElement Parse(string document) => XElement.Parse(document);

    [Fact]
    public void Text_is_escaped_so_the_document_stays_well_formed_and_says_the_same_words()
    {
        var text = "Tom & Jerry <script> \"quoted\" it's 5 > 3\u0001";
        var target = ProsodyTarget.From(Said(ExpressionLabel.Excited, 1.2, 3, 1), new ExpressionOptions());

        foreach (var dialect in new[] { SsmlDialect.Espeak, SsmlDialect.PollyStandard, SsmlDialect.PollyNeural })
        {
            var document = Assert.Single(SsmlBuilder.Build([text], target, dialect));
            var root = Parse(document);
            Assert.Equal("speak", root.Name.LocalName);
            Assert.Equal("Tom & Jerry <script> \"quoted\" it's 5 > 3", root.Value);
            Assert.DoesNotContain("<script>", document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_speakers_rate_loudness_and_pitch_follow_within_limits_that_keep_speech_intelligible()
    {
        var options = new ExpressionOptions();
        var wild = ProsodyTarget.From(Said(ExpressionLabel.Excited, rate: 3, loudnessDb: 20, pitchSt: 12), options);
        var timid = ProsodyTarget.From(Said(ExpressionLabel.Calm, rate: 0.2, loudnessDb: -30, pitchSt: -12), options);

        Assert.Equal(options.MaxRateFactor, wild.RateFactor, 6);
        Assert.Equal(options.MaxVolumeDb, wild.VolumeDb, 6);
        Assert.Equal(options.MaxPitchSemitones, wild.PitchSemitones, 6);
        Assert.Equal(options.MinRateFactor, timid.RateFactor, 6);
        Assert.Equal(-options.MaxVolumeDb, timid.VolumeDb, 6);
        Assert.Equal(-options.MaxPitchSemitones, timid.PitchSemitones, 6);

        var loud = Parse(SsmlBuilder.Build(["hola"], wild, SsmlDialect.Espeak)[0]).Element("prosody")!;
        Assert.Equal("+40%", loud.Attribute("rate")!.Value);
        Assert.Equal("+47%", loud.Attribute("pitch")!.Value); // 4 semitones, +26 % F0, in espeak-ng's pitch scale
        Assert.Equal("+100%", loud.Attribute("volume")!.Value); // +6 dB of amplitude, in % as espeak-ng wants it
        var quiet = Parse(SsmlBuilder.Build(["hola"], timid, SsmlDialect.PollyStandard)[0]).Element("prosody")!;
        Assert.Equal("70%", quiet.Attribute("rate")!.Value); // Polly: percent of the default rate
        Assert.Equal("-21%", quiet.Attribute("pitch")!.Value);
        Assert.Equal("-6dB", quiet.Attribute("volume")!.Value);
    }

    [Fact]
    public void Intensity_scales_the_deltas_and_zero_or_disabled_gives_a_flat_voice()
    {
        var expression = Said(ExpressionLabel.Excited, rate: 1.2, loudnessDb: 4, pitchSt: 2);
        var full = ProsodyTarget.From(expression, new ExpressionOptions());
        var half = ProsodyTarget.From(expression, new ExpressionOptions { Intensity = 0.5 });

        Assert.Equal(1.2, full.RateFactor, 6);
        Assert.Equal(Math.Sqrt(1.2), half.RateFactor, 6);
        Assert.Equal(2, half.VolumeDb, 6);
        Assert.Equal(1, half.PitchSemitones, 6);
        Assert.Equal(ProsodyTarget.Flat, ProsodyTarget.From(expression, new ExpressionOptions { Intensity = 0 }));
        Assert.Equal(ProsodyTarget.Flat, ProsodyTarget.From(expression, new ExpressionOptions { Enabled = false }));
        Assert.Equal("<speak>hola</speak>", Assert.Single(SsmlBuilder.Build(["hola"], ProsodyTarget.Flat, SsmlDialect.Espeak)));
    }

    [Fact]
    public void An_intensity_outside_its_range_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExpressionOptions { Intensity = 2.5 }.Validate());
        Assert.Contains("0..2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpressionOptions { Intensity = double.NaN }.Validate());
    }

    [Fact]
    public void Each_engine_gets_only_the_tags_it_accepts()
    {
        var emphatic = ProsodyTarget.From(Said(ExpressionLabel.Emphatic, rate: 0.9, loudnessDb: 5, pitchSt: 3), new ExpressionOptions());

        var espeak = Parse(SsmlBuilder.Build(["esto es importante"], emphatic, SsmlDialect.Espeak)[0]);
        var standard = Parse(SsmlBuilder.Build(["esto es importante"], emphatic, SsmlDialect.PollyStandard)[0]);
        var neural = Parse(SsmlBuilder.Build(["esto es importante"], emphatic, SsmlDialect.PollyNeural)[0]);

        Assert.NotNull(espeak.Descendants("emphasis").SingleOrDefault());
        Assert.NotNull(standard.Descendants("emphasis").SingleOrDefault());
        Assert.Empty(neural.Descendants("emphasis")); // neural voices refuse <emphasis>
        Assert.NotNull(standard.Element("prosody")!.Attribute("pitch"));
        Assert.Null(neural.Element("prosody")!.Attribute("pitch")); // ... and prosody pitch
        Assert.Equal("+5dB", neural.Element("prosody")!.Attribute("volume")!.Value);
        Assert.Equal("90%", neural.Element("prosody")!.Attribute("rate")!.Value);
        Assert.EndsWith("%", espeak.Element("prosody")!.Attribute("volume")!.Value, StringComparison.Ordinal); // espeak-ng ignores dB
    }

    [Fact]
    public void A_question_ends_in_a_question_mark_and_its_last_word_rises_where_the_engine_has_pitch()
    {
        var question = ProsodyTarget.From(Said(ExpressionLabel.Question), new ExpressionOptions());
        Assert.True(question.IsQuestion);

        var parts = new[] { "bueno,", "es esta la habitación correcta." };
        var espeak = SsmlBuilder.Build(parts, question, SsmlDialect.Espeak);
        Assert.Equal(2, espeak.Count); // one document per part: espeak-ng renders part by part
        var last = Parse(espeak[1]);
        Assert.Equal("es esta la habitación correcta?", last.Value);
        var rise = Assert.Single(last.Descendants("prosody"));
        Assert.Equal("+90%", rise.Attribute("pitch")!.Value); // 7 semitones, +50 % F0, in espeak-ng's pitch scale
        Assert.Equal("correcta?", rise.Value);
        Assert.Empty(Parse(espeak[0]).Descendants("prosody")); // only the end rises

        var neural = Parse(Assert.Single(SsmlBuilder.Build(parts, question, SsmlDialect.PollyNeural)));
        Assert.Empty(neural.Descendants("prosody")); // no pitch on neural voices: the "?" carries the question
        Assert.EndsWith("correcta?", neural.Value, StringComparison.Ordinal);
        var standard = Parse(Assert.Single(SsmlBuilder.Build(parts, question, SsmlDialect.PollyStandard)));
        Assert.Equal("+50%", Assert.Single(standard.Descendants("prosody")).Attribute("pitch")!.Value); // Polly: the F0 change itself
    }

    [Fact]
    public void The_speakers_pauses_become_breaks_between_clauses()
    {
        var paused = NoPauses with { Pauses = 2, PauseTime = TimeSpan.FromMilliseconds(800) };
        var target = ProsodyTarget.From(Said(ExpressionLabel.Calm, rate: 0.8, prosody: paused), new ExpressionOptions());

        var polly = Parse(Assert.Single(SsmlBuilder.Build(["primero,", "después"], target, SsmlDialect.PollyStandard)));
        Assert.Equal("400ms", Assert.Single(polly.Descendants("break")).Attribute("time")!.Value);
        var espeak = SsmlBuilder.Build(["primero,", "después"], target, SsmlDialect.Espeak);
        Assert.Empty(Parse(espeak[0]).Descendants("break"));
        Assert.Single(Parse(espeak[1]).Descendants("break"));
    }
}
