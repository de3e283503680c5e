using BroadcastOperator.Deployment.Tests.Support;

namespace BroadcastOperator.Deployment.Tests;

/// <summary>values.yaml and the templates agree, and every value is documented.</summary>
public sealed class ChartValuesTests
{
    private static readonly Dictionary<object, object?> Values =
        YamlDocuments.ParseSingle(File.ReadAllText(Path.Combine(ChartTemplates.ChartDirectory, "values.yaml")));

    [Fact]
    public void Every_values_reference_in_the_templates_exists_in_values_yaml()
    {
        var missing = ChartTemplates.ValuesReferences().Select(r => r.TrimStart('.')).Where(path => !Exists(path)).Order().ToList();
        Assert.True(missing.Count == 0, "templates use values that values.yaml lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_value_is_used_by_some_template()
    {
        var references = ChartTemplates.ValuesReferences().Select(r => r.TrimStart('.')).ToList();
        // A value counts as used when it or a parent map is referenced (toYaml passes whole maps on).
        var unused = Leaves(Values, "").Where(leaf => !references.Any(r => leaf == r || leaf.StartsWith(r + ".", StringComparison.Ordinal) || r.StartsWith(leaf + ".", StringComparison.Ordinal))).ToList();
        Assert.True(unused.Count == 0, "values.yaml holds values no template reads: " + string.Join(", ", unused));
    }

    [Fact]
    public void Every_top_level_and_second_level_value_has_a_comment_in_values_yaml()
    {
        var lines = File.ReadAllLines(Path.Combine(ChartTemplates.ChartDirectory, "values.yaml"));
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith('-') || !trimmed.Contains(':'))
            {
                continue;
            }
            var isMap = trimmed.EndsWith(':');
            var previous = i > 0 ? lines[i - 1].TrimStart() : "";
            // A scalar (or an inline map/list) needs its own comment; a nested block map is documented through its keys.
            if (!isMap && !previous.StartsWith('#') && !IsInsideInlineDocumentedBlock(lines, i))
            {
                undocumented.Add(trimmed.Split(':')[0] + $" (line {i + 1})");
            }
        }
        Assert.True(undocumented.Count == 0, "values without a comment above them: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Readme_documents_every_value()
    {
        var readme = File.ReadAllText(Path.Combine(ChartTemplates.ChartDirectory, "README.md"));
        var missing = Leaves(Values, "").Where(leaf => !readme.Contains($"`{leaf}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "charts/broadcast-operator/README.md does not document: " + string.Join(", ", missing));
    }

    [Fact]
    public void Operator_runs_two_replicas_with_leader_election_by_default()
    {
        Assert.Equal("2", Values.Text("operator.replicas"));
        Assert.Equal("true", Values.Text("operator.leaderElection.enabled"));
        Assert.Equal("embedded", Values.Text("signaling.mode"));
    }

    [Fact]
    public void Security_contexts_are_non_root_read_only_and_drop_all_capabilities()
    {
        Assert.Equal("true", Values.Text("podSecurityContext.runAsNonRoot"));
        Assert.Equal("RuntimeDefault", Values.Text("podSecurityContext.seccompProfile.type"));
        Assert.Equal("true", Values.Text("containerSecurityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", Values.Text("containerSecurityContext.allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], Values.At("containerSecurityContext.capabilities.drop").Strings());
    }

    private static bool Exists(string path)
    {
        object? node = Values;
        foreach (var step in path.Split('.'))
        {
            if (node is not Dictionary<object, object?> map || !map.TryGetValue(step, out node))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Dotted paths of every scalar, list and empty map (the settable values).</summary>
    private static IEnumerable<string> Leaves(Dictionary<object, object?> map, string prefix)
    {
        foreach (var (key, value) in map)
        {
            var path = prefix.Length == 0 ? $"{key}" : $"{prefix}.{key}";
            if (value is Dictionary<object, object?> { Count: > 0 } child && !IsResourceMap(path))
            {
                foreach (var leaf in Leaves(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    // requests/limits are documented as one value each (`operator.resources`), like Kubernetes does.
    private static bool IsResourceMap(string path) => path.EndsWith(".resources", StringComparison.Ordinal)
        || path is "podSecurityContext" or "containerSecurityContext";

    /// <summary>Keys under resources and the security contexts are documented by their parent's comment.</summary>
    private static bool IsInsideInlineDocumentedBlock(string[] lines, int index)
    {
        var indent = lines[index].Length - lines[index].TrimStart().Length;
        for (var i = index - 1; i >= 0 && indent > 0; i--)
        {
            var trimmed = lines[i].TrimStart();
            var lineIndent = lines[i].Length - trimmed.Length;
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || lineIndent >= indent)
            {
                continue;
            }
            if (trimmed.Split(':')[0] is "resources" or "podSecurityContext" or "containerSecurityContext")
            {
                return true;
            }
            indent = lineIndent;
        }
        return false;
    }
}
