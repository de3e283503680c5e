using System.Text;

namespace BroadcastOperator.TestSupport.Fuzzing;

/// <summary>
/// Junk versions of a structured text (an Authorization header, a query string): separators doubled or dropped,
/// parts cut, swapped or repeated, characters that break parsers (%, =, comma, slash, NUL, non-ASCII) put in.
/// </summary>
public sealed class TextFuzz(Random random)
{
    private static readonly string[] Inserts =
        ["%", "%zz", "%2", "=", "==", ",", ", ", "/", "//", ";", ";;", "&", "&&", "?", " ", "\t", "é", "漢", "😀", "\u0000",
         "AWS4-HMAC-SHA256", "Credential=", "SignedHeaders=", "Signature=", "X-Amz-Date=", "X-Amz-Expires=-1",
         "X-Amz-Expires=999999999999", "20261127T100000Z", "19700101T000000Z", "aws4_request", new string('a', 5000)];

    public string Next(string text, bool asciiOnly = false)
    {
        var result = random.Next(7) switch
        {
            0 => text[..random.Next(text.Length + 1)],
            1 => Replace(text),
            2 => Insert(text),
            3 => SwapParts(text),
            4 => text + text[random.Next(text.Length + 1)..],
            5 => Insert(Insert(Replace(text))),
            _ => Insert(SwapParts(text)),
        };
        return asciiOnly ? new string(result.Select(c => c is >= ' ' and < (char)127 ? c : '?').ToArray()) : result;
    }

    private string Replace(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            builder[random.Next(builder.Length)] = "=,/;&% a0ZÿŁ"[random.Next(12)];
        }

        return builder.ToString();
    }

    private string Insert(string text) => text.Insert(random.Next(text.Length + 1), Inserts[random.Next(Inserts.Length)]);

    private string SwapParts(string text)
    {
        var separator = new[] { ", ", "&", "/", "=" }[random.Next(4)];
        var parts = text.Split(separator).ToList();
        if (parts.Count < 2)
        {
            return text;
        }

        switch (random.Next(3))
        {
            case 0:
                parts.RemoveAt(random.Next(parts.Count));
                break;
            case 1:
                parts.Insert(random.Next(parts.Count), parts[random.Next(parts.Count)]);
                break;
            default:
                var a = random.Next(parts.Count);
                var b = random.Next(parts.Count);
                (parts[a], parts[b]) = (parts[b], parts[a]);
                break;
        }

        return string.Join(separator, parts);
    }
}
