using System.Text;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Keeps plain text apart from apertium's stream format: characters that format reserves are blanked on the
/// way in (they would make a stage reject the stream), and marks the engine leaves on words are dropped on
/// the way out because a listener would hear them.
/// </summary>
public static class ApertiumText
{
    private const string Reserved = "\\^$/<>@[]{}*#~";

    public static string Sanitize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var c in text)
        {
            var blank = char.IsControl(c) || char.IsWhiteSpace(c) || Reserved.Contains(c, StringComparison.Ordinal);
            if (blank)
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(c);
            lastWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    public static string CleanOutput(string reply)
    {
        var builder = new StringBuilder(reply.Length);
        foreach (var c in reply)
        {
            if (c is '*' or '#' or '@' or '\\' || char.IsControl(c))
            {
                continue;
            }

            builder.Append(c);
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
