namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>One RBAC grant: an API group ("" for core), a resource (with its subresource, `pods/status`) and a verb.</summary>
public sealed record Permission(string ApiGroup, string Resource, string Verb)
{
    public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}:{Verb}";
}
