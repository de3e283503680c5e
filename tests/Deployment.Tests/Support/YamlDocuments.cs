using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>
/// Multi-document YAML as plain trees: mappings are <c>Dictionary&lt;object, object?&gt;</c>, sequences
/// <c>List&lt;object?&gt;</c>, scalars strings. Throws YamlException on text that is not YAML.
/// </summary>
public static class YamlDocuments
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static IReadOnlyList<Dictionary<object, object?>> Parse(string text)
    {
        var documents = new List<Dictionary<object, object?>>();
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        while (!parser.Accept<StreamEnd>(out _))
        {
            if (Deserializer.Deserialize<object?>(parser) is Dictionary<object, object?> document)
            {
                documents.Add(document);
            }
        }
        return documents;
    }

    public static Dictionary<object, object?> ParseSingle(string text) =>
        Parse(text) is [var only] ? only : throw new InvalidOperationException("expected exactly one YAML document");

    /// <summary>The value at a dotted path (`metadata.name`), or null when any step is missing.</summary>
    public static object? At(this Dictionary<object, object?> document, string path)
    {
        object? node = document;
        foreach (var step in path.Split('.'))
        {
            if (node is not Dictionary<object, object?> map || !map.TryGetValue(step, out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Text(this Dictionary<object, object?> document, string path) => document.At(path) as string;

    public static IEnumerable<Dictionary<object, object?>> Maps(this object? sequence) =>
        (sequence as List<object?> ?? []).OfType<Dictionary<object, object?>>();

    public static IEnumerable<string> Strings(this object? sequence) => (sequence as List<object?> ?? []).OfType<string>();
}
