using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Tables;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>.a[0].b</c> and
/// <c>.a[?(@.type=="Ready")].status</c>.
/// </summary>
public static class SimpleJsonPath
{
    public static JsonNode? Read(JsonNode? root, string path)
    {
        var current = root;
        var text = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('$');
        var position = 0;
        while (position < text.Length && current is not null)
        {
            if (text[position] == '.')
            {
                position++;
                var end = position;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }
                current = (current as JsonObject)?[text[position..end]];
                position = end;
            }
            else if (text[position] == '[')
            {
                var close = text.IndexOf(']', position);
                if (close < 0)
                {
                    return null;
                }
                current = Index(current, text[(position + 1)..close]);
                position = close + 1;
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private static JsonNode? Index(JsonNode node, string selector)
    {
        if (node is not JsonArray array)
        {
            return null;
        }
        if (int.TryParse(selector, out var index))
        {
            return index >= 0 && index < array.Count ? array[index] : null;
        }
        // ?(@.field=="value")
        var filter = selector.TrimStart('?').Trim('(', ')');
        var equals = filter.IndexOf("==", StringComparison.Ordinal);
        if (!filter.StartsWith("@.", StringComparison.Ordinal) || equals < 0)
        {
            return null;
        }
        var field = filter[2..equals].Trim();
        var expected = filter[(equals + 2)..].Trim().Trim('"', '\'');
        return array.FirstOrDefault(item => item?[field]?.ToString() == expected);
    }
}
