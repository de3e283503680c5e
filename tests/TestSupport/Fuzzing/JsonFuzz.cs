using System.Text;
using System.Text.Json.Nodes;

namespace BroadcastOperator.TestSupport.Fuzzing;

/// <summary>
/// Request bodies with random structure: a seed document with values swapped for other types, keys dropped or added,
/// objects nested deep, or the text itself cut short or sprinkled with junk; and, now and then, random JSON.
/// Written here because a structure-aware JSON mutator is not among the served packages (FsCheck generates typed values).
/// </summary>
public sealed class JsonFuzz(Random random)
{
    private static readonly string[] Words =
        ["", "a", "en", "es", "-1", "0", "null", "true", "🙂", "x\u0000y", "../../etc", "%00", "<script>", "\"", "\\", "a:b",
         "metadata", "name", "spec", "kind", "apiVersion", "v1", "BroadcastSession", "default", "type", "sdp", "candidate"];

    private const string Breakers = "{}[]\":,\\\u0000\u00ff'#-&*!|>";

    /// <summary>One case derived from <paramref name="seedJson"/>.</summary>
    public string Next(string seedJson)
    {
        switch (random.Next(10))
        {
            case 0:
                return RandomValue(4)?.ToJsonString() ?? "null";
            case 1:
                return Junk(seedJson);
            default:
                var node = JsonNode.Parse(seedJson)!;
                var edits = random.Next(1, 4);
                for (var i = 0; i < edits; i++)
                {
                    node = Mutate(node, depth: 0);
                }

                var text = node.ToJsonString();
                return random.Next(8) == 0 ? Junk(text) : text;
        }
    }

    /// <summary>The text cut, a byte range replaced, or characters inserted that break the syntax.</summary>
    public string Junk(string text)
    {
        var builder = new StringBuilder(text);
        switch (random.Next(4))
        {
            case 0:
                return text[..random.Next(text.Length + 1)];
            case 1:
                for (var i = random.Next(1, 5); i > 0 && builder.Length > 0; i--)
                {
                    builder[random.Next(builder.Length)] = Breakers[random.Next(Breakers.Length)];
                }

                return builder.ToString();
            case 2:
                return new string('[', random.Next(1, 3000)) + text;
            default:
                builder.Insert(random.Next(builder.Length + 1), Words[random.Next(Words.Length)]);
                return builder.ToString();
        }
    }

    private JsonNode Mutate(JsonNode node, int depth)
    {
        if (node is JsonObject obj && obj.Count > 0 && random.Next(3) > 0)
        {
            var keys = obj.Select(p => p.Key).ToList();
            var key = keys[random.Next(keys.Count)];
            switch (random.Next(5))
            {
                case 0:
                    obj.Remove(key);
                    return node;
                case 1:
                    obj[Words[random.Next(Words.Length)] + random.Next(3)] = RandomValue(2);
                    return node;
                default:
                    var child = obj[key];
                    obj[key] = child is null ? RandomValue(2) : Mutate(child.DeepClone(), depth + 1);
                    return node;
            }
        }

        if (node is JsonArray array && array.Count > 0 && random.Next(3) > 0)
        {
            var index = random.Next(array.Count);
            var child = array[index];
            array[index] = child is null ? RandomValue(2) : Mutate(child.DeepClone(), depth + 1);
            return node;
        }

        return depth == 0 && random.Next(2) == 0 ? node : RandomValue(3) ?? JsonValue.Create("");
    }

    /// <summary>Any JSON value: scalars of every kind, long strings, big numbers, nested arrays and objects.</summary>
    public JsonNode? RandomValue(int depth)
    {
        var kind = random.Next(depth > 0 ? 9 : 7);
        return kind switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonValue.Create(random.Next(4) switch { 0 => long.MaxValue, 1 => -1, 2 => 0, _ => random.Next() }),
            3 => JsonValue.Create(random.Next(3) == 0 ? 1e308 : random.NextDouble()),
            4 => JsonValue.Create(Words[random.Next(Words.Length)]),
            5 => JsonValue.Create(new string((char)random.Next(32, 0x2FFF), random.Next(0, 5000))),
            6 => JsonValue.Create(RandomText(random.Next(1, 40))),
            7 => new JsonArray(Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(depth - 1)).ToArray()),
            _ => RandomObject(depth - 1),
        };
    }

    private JsonObject RandomObject(int depth)
    {
        var obj = new JsonObject();
        for (var i = random.Next(0, 5); i > 0; i--)
        {
            obj[Words[random.Next(Words.Length)] + (random.Next(3) == 0 ? "" : random.Next(9).ToString())] = RandomValue(depth);
        }

        return obj;
    }

    private string RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(1, 0xD7FF);
        }

        return new string(chars);
    }
}
