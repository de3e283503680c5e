using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>YAML (1.2 core schema) to JSON: plain scalars become numbers, booleans and nulls where they read as such.</summary>
public static partial class YamlToJson
{
    /// <summary>Deepest nesting accepted: System.Text.Json's own default (64), so YAML and JSON bodies meet the same limit.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Most values one body may expand to. Aliases repeat a node without repeating its text, so a small body can stand
    /// for billions of values (the "billion laughs"); a real object is far below this.
    /// </summary>
    public const int MaxNodes = 100_000;

    public static JsonNode? Convert(YamlNode node)
    {
        var budget = MaxNodes;
        return Convert(node, 0, ref budget);
    }

    /// <summary>
    /// Refuses a stream nested deeper than <see cref="MaxDepth"/> before any node is built: YamlDotNet builds its
    /// representation model by recursion, so a body of nested brackets would otherwise overflow the stack.
    /// </summary>
    public static void CheckDepth(TextReader yaml)
    {
        var parser = new Parser(yaml);
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new YamlException(parser.Current.Start, parser.Current.End, $"nested deeper than {MaxDepth} levels");
                    }

                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        // Depth also bounds an alias cycle (a node that holds itself), which the event scan cannot see.
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"nested deeper than {MaxDepth} levels (or an alias refers to itself)");
        }

        if (--budget < 0)
        {
            throw new YamlException(node.Start, node.End, $"expands to more than {MaxNodes} values (aliases repeated too often)");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw new YamlException(key.Start, key.End, "mapping keys must be scalars");
                    obj[name] = Convert(value, depth + 1, ref budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children)
                {
                    array.Add(Convert(child, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlException($"unsupported YAML node {node.NodeType}");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }
        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }
        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
