using System.Globalization;
using System.Text;

namespace BroadcastOperator.Speech.Ssml;

/// <summary>
/// SSML documents for one phrase's translation in one engine's dialect: the text (escaped) inside one
/// <c>&lt;prosody&gt;</c> carrying only the attributes that differ from the voice's default and that the dialect takes,
/// <c>&lt;emphasis&gt;</c> where the dialect has it, <c>&lt;break&gt;</c> between clauses when the speaker paused, and for a
/// question a final "?" (every engine raises the end of a question) plus, where the dialect has pitch, the last words
/// raised further. A flat target gives plain <c>&lt;speak&gt;text&lt;/speak&gt;</c>.
/// </summary>
public static class SsmlBuilder
{
    private const int PollyMinRatePercent = 20;
    private const int PollyMaxRatePercent = 200;

    /// <summary>
    /// The documents to speak in order: one per part when the dialect renders part by part, else one for all.
    /// Parts without a letter or digit are left out (nothing to say).
    /// </summary>
    public static IReadOnlyList<string> Build(IReadOnlyList<string> parts, ProsodyTarget target, SsmlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var spoken = parts.Where(p => p.Any(char.IsLetterOrDigit)).Select(p => p.Trim()).ToList();
        if (spoken.Count == 0)
        {
            return [];
        }

        if (target.IsQuestion)
        {
            spoken[^1] = AsQuestion(spoken[^1]);
        }

        var bodies = spoken.Select((part, i) => Body(part, target, dialect, last: i == spoken.Count - 1)).ToList();
        var pause = target.Pause is { } p ? $"<break time=\"{(int)Math.Round(p.TotalMilliseconds)}ms\"/>" : " ";
        if (dialect.DocumentPerPart)
        {
            return bodies.Select((body, i) => Document(i > 0 && target.Pause is not null ? pause + body : body, target, dialect)).ToList();
        }

        return [Document(string.Join(pause, bodies), target, dialect)];
    }

    /// <summary>Text as XML character data and attribute-safe: &amp; &lt; &gt; " ' escaped, control characters dropped.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&apos;"); break;
                case '\t' or '\n' or '\r': builder.Append(' '); break;
                default:
                    if (!char.IsControl(c))
                    {
                        builder.Append(c); // XML 1.0 forbids most control characters even escaped
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string Document(string body, ProsodyTarget target, SsmlDialect dialect)
    {
        var attributes = ProsodyAttributes(target, dialect);
        var inner = target.Emphasis && dialect.Emphasis ? $"<emphasis level=\"moderate\">{body}</emphasis>" : body;
        return attributes.Length == 0 ? $"<speak>{inner}</speak>" : $"<speak><prosody{attributes}>{inner}</prosody></speak>";
    }

    /// <summary>The part's escaped text; for a question's last part the final words wrapped in a raised pitch.</summary>
    private static string Body(string part, ProsodyTarget target, SsmlDialect dialect, bool last)
    {
        if (!last || !target.IsQuestion || !dialect.Pitch)
        {
            return Escape(part);
        }

        // Only the last word: the step up from the word before is the rise (a raised stretch of several words would be
        // shifted, not rising, within the last half second).
        var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = string.Join(' ', words[..^1]);
        var rise = $"<prosody pitch=\"{Signed(PitchPercent(target.FinalRiseSemitones, dialect))}%\">{Escape(words[^1])}</prosody>";
        return head.Length == 0 ? rise : Escape(head) + " " + rise;
    }

    private static string ProsodyAttributes(ProsodyTarget target, SsmlDialect dialect)
    {
        var attributes = new StringBuilder();
        var ratePercent = (int)Math.Round((target.RateFactor - 1) * 100);
        if (ratePercent != 0)
        {
            var rate = dialect.Rate == SsmlRateUnit.RelativePercent
                ? Signed(ratePercent) + "%"
                : Math.Clamp(100 + ratePercent, PollyMinRatePercent, PollyMaxRatePercent).ToString(CultureInfo.InvariantCulture) + "%";
            attributes.Append(CultureInfo.InvariantCulture, $" rate=\"{rate}\"");
        }

        var pitchPercent = PitchPercent(target.PitchSemitones, dialect);
        if (dialect.Pitch && pitchPercent != 0)
        {
            attributes.Append(CultureInfo.InvariantCulture, $" pitch=\"{Signed(pitchPercent)}%\"");
        }

        var volume = dialect.Volume == SsmlVolumeUnit.Decibels
            ? FormattableString.Invariant($"{Signed(Math.Round(target.VolumeDb, 1))}dB")
            : Signed((int)Math.Round((Math.Pow(10, target.VolumeDb / 20) - 1) * 100)) + "%";
        if (Math.Abs(target.VolumeDb) >= 0.05 && volume is not ("+0%" or "+0dB"))
        {
            attributes.Append(CultureInfo.InvariantCulture, $" volume=\"{volume}\"");
        }

        return attributes.ToString();
    }

    /// <summary>A semitone shift as the engine's pitch percentage: the change of frequency (+12 st = +100 %) times its scale.</summary>
    private static int PitchPercent(double semitones, SsmlDialect dialect) =>
        (int)Math.Round((Math.Pow(2, semitones / 12) - 1) * 100 * dialect.PitchScale);

    private static string Signed(double value) =>
        (value >= 0 ? "+" : "") + value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The part ending in "?" (replacing a final . or !), so every engine's question intonation applies.</summary>
    private static string AsQuestion(string part)
    {
        var trimmed = part.TrimEnd();
        if (trimmed.EndsWith('?'))
        {
            return trimmed;
        }

        return trimmed.TrimEnd('.', '!', ',', ';', ':') + "?";
    }
}
