using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Tests.Support;

namespace BroadcastOperator.Speech.Tests.Engines;

[Collection(LocalEnginesCollection.Name)]
public class ApertiumTranslatorTests(LocalEnginesFixture engines)
{
    [SkippableFact]
    public async Task One_persistent_pipeline_answers_phrase_after_phrase()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        var pair = new LanguagePair("en", "es");

        var first = await engines.Translator.TranslateAsync("the cat is on the table", pair, CancellationToken.None);
        var second = await engines.Translator.TranslateAsync("my friend has a red car", pair, CancellationToken.None);
        var third = await engines.Translator.TranslateAsync("the cat is on the table", pair, CancellationToken.None);

        Assert.Contains("gato", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mesa", first, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("coche", second, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(first, third);
    }

    [SkippableFact]
    public async Task Text_with_apertium_stream_characters_is_translated_not_rejected()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var translated = await engines.Translator.TranslateAsync("the [red] ^car$ is <big> / fast \\ @home", new LanguagePair("en", "es"), CancellationToken.None);
        var after = await engines.Translator.TranslateAsync("good morning", new LanguagePair("en", "es"), CancellationToken.None);

        Assert.Contains("coche", translated, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('*', translated);
        Assert.Contains("buenos", after, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task Text_without_words_translates_to_nothing()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        Assert.Equal("", await engines.Translator.TranslateAsync(" ... ", new LanguagePair("en", "ca"), CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_uninstalled_pair_is_refused_with_the_installed_pairs()
    {
        Skip.If(engines.Missing is not null, engines.Missing);

        var error = await Assert.ThrowsAsync<UnservedLanguageException>(
            () => engines.Translator.TranslateAsync("hello", new LanguagePair("en", "ja"), CancellationToken.None));

        Assert.Contains("en->ja", error.Message);
        Assert.Contains("en->es", error.Message);
    }

    [Fact]
    public void Null_flush_pipeline_adds_z_to_every_program_and_fills_the_mode_arguments()
    {
        var mode = new ApertiumMode("eng-spa", new LanguagePair("en", "es"),
            "lt-proc 'a.bin' | apertium-tagger -g $2 'b.prob' | lt-proc $1 'c.bin'");

        Assert.Equal("lt-proc -z 'a.bin' | apertium-tagger -z -g  'b.prob' | lt-proc -z -n 'c.bin'", mode.NullFlushPipeline());
    }

    [Fact]
    public void Installed_modes_map_to_two_letter_pairs_and_skip_variants()
    {
        var modes = ApertiumMode.Discover();
        Skip.If(modes.Count == 0, "apertium is not installed");

        Assert.Contains(modes, m => m.Pair == new LanguagePair("en", "es") && m.Name == "eng-spa");
        Assert.DoesNotContain(modes, m => m.Name.Contains('_'));
    }
}
