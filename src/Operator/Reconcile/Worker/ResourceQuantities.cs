using System.Text.RegularExpressions;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>Kubernetes quantities (500m, 2, 256Mi, 1e3) checked before they reach the API server.</summary>
public static partial class ResourceQuantities
{
    public static bool IsValid(string text) => Quantity().IsMatch(text);

    /// <summary>The container resources for the given amounts; empty amounts are left out, and null when all are.</summary>
    public static V1ResourceRequirements? Requirements(string requestCpu, string requestMemory, string limitCpu, string limitMemory)
    {
        var requests = Amounts(requestCpu, requestMemory);
        var limits = Amounts(limitCpu, limitMemory);
        return requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits };
    }

    /// <summary>True when both are set and the request is above the limit, which the API server would refuse.</summary>
    public static bool RequestExceedsLimit(string request, string limit) =>
        IsValid(request) && IsValid(limit) && new ResourceQuantity(request).ToDecimal() > new ResourceQuantity(limit).ToDecimal();

    private static Dictionary<string, ResourceQuantity>? Amounts(string cpu, string memory)
    {
        var amounts = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (cpu.Length > 0)
        {
            amounts["cpu"] = new ResourceQuantity(cpu);
        }
        if (memory.Length > 0)
        {
            amounts["memory"] = new ResourceQuantity(memory);
        }
        return amounts.Count == 0 ? null : amounts;
    }

    // resource.Quantity's grammar: a signed decimal number and an optional binary, decimal or exponent suffix.
    [GeneratedRegex(@"^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$")]
    private static partial Regex Quantity();
}
