using BroadcastOperator.Speech.Engines.Local;

namespace BroadcastOperator.Speech.Tests.Engines;

public class SpeechTextPartsTests
{
    [Fact]
    public void Clause_punctuation_ends_a_part_and_stays_with_it()
    {
        var parts = SpeechTextParts.Split("Hola, buenos días. ¿Cómo estáis? Bien");

        Assert.Equal(["Hola,", "buenos días.", "¿Cómo estáis?", "Bien"], parts);
    }

    [Fact]
    public void A_long_run_of_words_is_cut_into_near_equal_parts_in_order()
    {
        var words = Enumerable.Range(1, 20).Select(i => $"w{i}").ToArray();

        var parts = SpeechTextParts.Split(string.Join(' ', words), maxWords: 8);

        Assert.Equal([6, 7, 7], parts.Select(p => p.Split(' ').Length));
        Assert.Equal(words, parts.SelectMany(p => p.Split(' ')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(", . ?")]
    public void Text_without_words_has_no_parts(string text)
    {
        Assert.Empty(SpeechTextParts.Split(text));
    }

    [Fact]
    public void Decimal_points_and_inner_commas_do_not_cut_a_word()
    {
        Assert.Equal(["son 3.5 euros,", "1,000 personas"], SpeechTextParts.Split("son 3.5 euros, 1,000 personas"));
    }
}
