using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Operator.Events;

/// <summary>
/// Core v1 Events on a session, as `kubectl describe bcs` shows them. Best effort: a failed Event
/// is logged and never fails the reconcile.
/// </summary>
public sealed partial class EventRecorder(IKubernetes client, string instance, TimeProvider time, ILogger<EventRecorder> logger)
{
    public const string Component = "broadcast-operator";

    public async Task RecordAsync(BroadcastSession session, SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var meta = session.Metadata;
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{meta.Name}.{Guid.NewGuid().ToString("N")[..16]}",
                NamespaceProperty = meta.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = BroadcastSession.ApiVersionString,
                Kind = BroadcastSession.KindName,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            Reason = sessionEvent.Reason,
            Message = sessionEvent.Message,
            Type = sessionEvent.Type,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = "broadcast.dev/operator",
            ReportingInstance = instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(body, meta.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventFailed(logger, sessionEvent.Reason, meta.NamespaceProperty, meta.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} on {Namespace}/{Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string @namespace, string name, string error);
}
