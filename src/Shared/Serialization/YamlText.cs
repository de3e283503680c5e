using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BroadcastOperator.Shared.Serialization;

/// <summary>
/// Writes a JSON document as block-style YAML, deterministically (keys in document order), so
/// generated manifests diff cleanly. Strings that YAML would read as something else are quoted.
/// </summary>
public static partial class YamlText
{
    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, 0, inSequence: false);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder output, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        output.Append(' ', indent);
                    }
                    first = false;
                    output.Append(Scalar(key)).Append(':');
                    WriteValueAfterKey(output, value, indent);
                }
                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                {
                    output.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteNode(output, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        output.Append(Inline(item)).Append('\n');
                    }
                }
                break;
            default:
                output.Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteValueAfterKey(StringBuilder output, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                output.Append('\n');
                WriteNode(output, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                output.Append('\n');
                WriteNode(output, value, indent, inSequence: false);
                break;
            default:
                output.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValue value when value.GetValueKind() == JsonValueKind.True => "true",
        JsonValue value when value.GetValueKind() == JsonValueKind.False => "false",
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !LooksLikeOtherType(text)
            ? text
            : JsonSerializer.Serialize(text, QuotedOptions);

    private static readonly JsonSerializerOptions QuotedOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static bool LooksLikeOtherType(string text) =>
        text is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~"
            or "True" or "False" or "Null" or "Yes" or "No" or "On" or "Off"
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_./\- ]*(?<! )$")]
    private static partial Regex PlainSafe();
}
