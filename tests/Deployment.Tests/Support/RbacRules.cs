namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>The grants of Roles and ClusterRoles, grouped by their `broadcast.dev/rbac-for` label.</summary>
public static class RbacRules
{
    public const string ComponentLabel = "broadcast.dev/rbac-for";

    public static Dictionary<string, HashSet<Permission>> ByComponent(IEnumerable<Dictionary<object, object?>> documents)
    {
        var grants = new Dictionary<string, HashSet<Permission>>(StringComparer.Ordinal);
        foreach (var document in documents.Where(d => d.At("rules") is not null))
        {
            var component = (document.At("metadata.labels") as Dictionary<object, object?>)?.GetValueOrDefault(ComponentLabel) as string
                ?? throw new InvalidOperationException($"Role {document.Text("metadata.name")} has no {ComponentLabel} label");
            if (!grants.TryGetValue(component, out var set))
            {
                grants[component] = set = [];
            }
            foreach (var rule in document.At("rules").Maps())
            {
                foreach (var group in rule.At("apiGroups").Strings())
                {
                    foreach (var resource in rule.At("resources").Strings())
                    {
                        set.UnionWith(rule.At("verbs").Strings().Select(verb => new Permission(group, resource, verb)));
                    }
                }
            }
        }
        return grants;
    }
}
