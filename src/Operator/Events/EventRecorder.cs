using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Operator.Events;

/// <summary>
/// Core v1 Events on a session, as `kubectl describe bcs` shows them. Best effort and off the
/// reconcile's path: events are queued and posted by a background task; a failed Event is logged
/// and never fails or slows the reconcile.
/// </summary>
public sealed partial class EventRecorder : IAsyncDisposable
{
    public const string Component = "broadcast-operator";
    private const int Capacity = 1024;

    private readonly IKubernetes _client;
    private readonly string _instance;
    private readonly TimeProvider _time;
    private readonly ILogger<EventRecorder> _logger;
    private readonly System.Threading.Channels.Channel<Corev1Event> _pending =
        System.Threading.Channels.Channel.CreateBounded<Corev1Event>(new System.Threading.Channels.BoundedChannelOptions(Capacity)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    private readonly Task _sender;

    public EventRecorder(IKubernetes client, string instance, TimeProvider time, ILogger<EventRecorder> logger)
    {
        _client = client;
        _instance = instance;
        _time = time;
        _logger = logger;
        _sender = Task.Run(SendAsync);
    }

    public Task RecordAsync(BroadcastSession session, SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        _pending.Writer.TryWrite(Build(session, sessionEvent));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _sender.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, CancellationToken.None);
    }

    private async Task SendAsync()
    {
        await foreach (var body in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await _client.CoreV1.CreateNamespacedEventAsync(body, body.Metadata.NamespaceProperty);
            }
            catch (Exception e)
            {
                LogEventFailed(_logger, body.Reason, body.Metadata.NamespaceProperty, body.InvolvedObject.Name, e.Message);
            }
        }
    }

    private Corev1Event Build(BroadcastSession session, SessionEvent sessionEvent)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var meta = session.Metadata;
        return new Corev1Event
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
            ReportingInstance = _instance,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} on {Namespace}/{Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string @namespace, string name, string error);
}
