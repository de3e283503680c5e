using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile;

/// <summary>metav1.Condition bookkeeping: lastTransitionTime moves only when the status flips.</summary>
public static class Conditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) => Find(conditions, type)?.Status == True;

    /// <summary>A copy of <paramref name="conditions"/> with <paramref name="type"/> set, in a stable order.</summary>
    public static List<V1Condition> Set(IEnumerable<V1Condition>? conditions, string type, bool status, string reason, string message,
        long generation, DateTime now)
    {
        var list = conditions?.Select(Copy).ToList() ?? [];
        var statusText = status ? True : False;
        var existing = list.FirstOrDefault(c => c.Type == type);
        var transition = existing is not null && existing.Status == statusText ? existing.LastTransitionTime : Truncate(now);
        list.RemoveAll(c => c.Type == type);
        list.Add(new V1Condition
        {
            Type = type,
            Status = statusText,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        });
        return list.OrderBy(c => Order(c.Type)).ThenBy(c => c.Type, StringComparer.Ordinal).ToList();
    }

    /// <summary>Kubernetes keeps whole seconds; truncating keeps our copy equal to what we read back.</summary>
    public static DateTime Truncate(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static int Order(string type) => type switch
    {
        ConditionTypes.ChannelsReady => 0,
        ConditionTypes.WorkerReady => 1,
        ConditionTypes.Ready => 2,
        _ => 3,
    };

    private static V1Condition Copy(V1Condition c) => new()
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        ObservedGeneration = c.ObservedGeneration,
        LastTransitionTime = c.LastTransitionTime,
    };
}
