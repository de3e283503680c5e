using System.Text.RegularExpressions;

namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>
/// The configuration a service binds, read from its options classes' source: a `Section__A__B` environment
/// variable is bound when class-of-section.A.B is a settable property (list indexes skipped).
/// </summary>
public static partial class OptionsModel
{
    /// <summary>Configuration section → (service source folder, root options class).</summary>
    private static readonly Dictionary<string, (string Folder, string Class)> Sections = new(StringComparer.Ordinal)
    {
        ["Operator"] = ("Operator", "OperatorOptions"),
        ["SessionApi"] = ("SessionApi", "SessionApiOptions"),
        ["Auth"] = ("SessionApi", "AuthOptions"),
        ["Credentials"] = ("SessionApi", "CredentialOptions"),
        ["Signaling"] = ("Signaling", "SignalingOptions"),
    };

    /// <summary>True when the variable belongs to a known section and names a bound property; null for other variables.</summary>
    public static bool? IsBound(string variable)
    {
        var segments = variable.Split("__");
        if (segments.Length < 2 || !Sections.TryGetValue(segments[0], out var section))
        {
            return null;
        }
        var classes = ClassesOf(section.Folder);
        var type = section.Class;
        foreach (var segment in segments[1..])
        {
            if (segment.All(char.IsAsciiDigit) || segment == "x")
            {
                continue; // a list index (or a templated one)
            }
            if (!classes.TryGetValue(type, out var properties) || !properties.TryGetValue(segment, out var propertyType))
            {
                return classes.ContainsKey(type) ? false : true; // a dictionary or scalar-typed leaf takes any key
            }
            type = ElementType(propertyType);
        }
        return true;
    }

    private static string ElementType(string type)
    {
        type = type.TrimEnd('?');
        var generic = GenericArgument().Match(type);
        return generic.Success ? generic.Groups[1].Value.Split(',').Last().Trim().TrimEnd('?') : type;
    }

    private static readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> Cache = [];

    private static Dictionary<string, Dictionary<string, string>> ClassesOf(string folder)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(folder, out var cached))
            {
                return cached;
            }
            var classes = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf("src", folder, "Options"), "*.cs"))
            {
                var text = File.ReadAllText(file);
                var declarations = ClassDeclaration().Matches(text).ToList();
                for (var i = 0; i < declarations.Count; i++)
                {
                    var end = i + 1 < declarations.Count ? declarations[i + 1].Index : text.Length;
                    var body = text[declarations[i].Index..end];
                    classes[declarations[i].Groups[1].Value] = Property().Matches(body)
                        .ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.Ordinal);
                }
            }
            return Cache[folder] = classes;
        }
    }

    [GeneratedRegex(@"\bclass\s+(\w+)")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"public\s+([\w<>,\s\?]+?)\s+(\w+)\s*\{\s*get;\s*set;")]
    private static partial Regex Property();

    [GeneratedRegex(@"^\w+<(.+)>$")]
    private static partial Regex GenericArgument();
}
