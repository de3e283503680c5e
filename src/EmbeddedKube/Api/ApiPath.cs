namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// A resource URL taken apart: <c>/api/v1/namespaces/{ns}/{plural}/{name}/{subresource}</c> and
/// <c>/apis/{group}/{version}/…</c>, with or without a namespace, name and subresource.
/// </summary>
public sealed record ApiPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static ApiPath? TryParse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        string[] rest;
        if (segments is ["api", var coreVersion, .. var coreRest])
        {
            (group, version, rest) = ("", coreVersion, coreRest);
        }
        else if (segments is ["apis", var g, var v, .. var groupRest])
        {
            (group, version, rest) = (g, v, groupRest);
        }
        else
        {
            return null;
        }

        return rest switch
        {
            [] => null,
            ["namespaces", var name, "status" or "finalize"] when group.Length == 0 =>
                new ApiPath(group, version, null, "namespaces", name, rest[2]),
            ["namespaces", var ns, var plural, .. var tail] when tail.Length <= 2 =>
                new ApiPath(group, version, ns, plural, tail.ElementAtOrDefault(0), tail.ElementAtOrDefault(1)),
            [var plural, .. var tail] when tail.Length <= 2 =>
                new ApiPath(group, version, null, plural, tail.ElementAtOrDefault(0), tail.ElementAtOrDefault(1)),
            _ => null,
        };
    }
}
