using k8s;
using k8s.Models;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>Work-queue keys: "namespace/name".</summary>
public static class ResourceKeys
{
    public static string Of(IMetadata<V1ObjectMeta> obj) => Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public static string Of(string? ns, string name) => $"{ns}/{name}";

    public static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
