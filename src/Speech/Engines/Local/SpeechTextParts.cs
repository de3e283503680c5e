namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Cuts text to be spoken into short parts: at sentence and clause punctuation, and long runs of words into
/// near-equal parts of at most <c>maxWords</c>. A synthesizer that renders one part at a time can hand over its
/// first audio, and let another language take its turn, after a few words instead of after the whole phrase.
/// </summary>
public static class SpeechTextParts
{
    public const int DefaultMaxWords = 8;

    private static readonly char[] ClauseEnds = ['.', ',', ';', ':', '?', '!', '¿', '¡'];

    public static IReadOnlyList<string> Split(string text, int maxWords = DefaultMaxWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        var parts = new List<string>();
        foreach (var clause in Clauses(text))
        {
            var words = clause.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !words.Any(w => w.Any(char.IsLetterOrDigit)))
            {
                continue;
            }

            var count = (words.Length + maxWords - 1) / maxWords;
            for (var i = 0; i < count; i++)
            {
                // Near-equal parts: 10 words at 8 a part become 5 + 5, not 8 + 2; a shorter part comes first.
                var from = i * words.Length / count;
                var to = (i + 1) * words.Length / count;
                parts.Add(string.Join(' ', words[from..to]));
            }
        }

        return parts;
    }

    /// <summary>Clauses with their closing punctuation kept (it shapes the intonation); opening marks stay with what follows.</summary>
    private static IEnumerable<string> Clauses(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '¿' or '¡')
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i;
            }
            else if (Array.IndexOf(ClauseEnds, text[i]) >= 0 && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
