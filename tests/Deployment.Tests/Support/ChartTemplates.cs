using System.Text.RegularExpressions;

namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>
/// Reads the chart's templates without helm: comment blocks and lines that are only template actions are
/// dropped and inline actions become the placeholder "x", which leaves the literal YAML (RBAC rules, probes,
/// ports) parseable. Good enough for checks on literal parts; helm itself renders where it is installed.
/// </summary>
public static partial class ChartTemplates
{
    public static string ChartDirectory => Repository.PathOf("charts", "broadcast-operator");

    public static IEnumerable<string> TemplateFiles() =>
        Directory.EnumerateFiles(Path.Combine(ChartDirectory, "templates"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".tpl", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>Every `.Values.a.b` path used by any template (with `$.Values` too).</summary>
    public static IReadOnlySet<string> ValuesReferences() =>
        TemplateFiles().SelectMany(f => ValuesReference().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToHashSet();

    public static IReadOnlyList<Dictionary<object, object?>> LiteralDocuments(string file)
    {
        var text = CommentBlock().Replace(File.ReadAllText(file), "");
        var lines = text.Split('\n').Where(line => !ActionOnlyLine().IsMatch(line)).Select(line => InlineAction().Replace(line, "x"));
        return YamlDocuments.Parse(string.Join('\n', lines));
    }

    public static IReadOnlyList<Dictionary<object, object?>> AllLiteralDocuments() =>
        TemplateFiles().Where(f => f.EndsWith(".yaml", StringComparison.Ordinal)).SelectMany(LiteralDocuments).ToList();

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex CommentBlock();

    [GeneratedRegex(@"^\s*\{\{[^{}]*\}\}\s*$")]
    private static partial Regex ActionOnlyLine();

    [GeneratedRegex(@"\{\{[^{}]*\}\}")]
    private static partial Regex InlineAction();
}
