using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Operator.Runtime;

/// <summary>List and watch calls for the kinds the operator follows, cluster-wide or in one namespace.</summary>
public static class InformerSources
{
    public static InformerSource<BroadcastSession> Sessions(IKubernetes client, string watchNamespace, TimeSpan watchTimeout)
    {
        var timeout = (int)watchTimeout.TotalSeconds;
        return new InformerSource<BroadcastSession>(
            "broadcastsessions",
            async ct =>
            {
                var list = watchNamespace.Length == 0
                    ? await client.CustomObjects.ListClusterCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group, BroadcastSession.Version, BroadcastSession.Plural, cancellationToken: ct)
                    : await client.CustomObjects.ListNamespacedCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group, BroadcastSession.Version, watchNamespace, BroadcastSession.Plural, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            // The non-obsolete custom-object watch yields untyped objects; this one deserializes ours.
#pragma warning disable CS0618
            (rv, onError, ct) => (watchNamespace.Length == 0
                    ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(BroadcastSession.Group, BroadcastSession.Version, BroadcastSession.Plural,
                        allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, watch: true, cancellationToken: ct)
                    : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(BroadcastSession.Group, BroadcastSession.Version, watchNamespace, BroadcastSession.Plural,
                        allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, watch: true, cancellationToken: ct))
                .WatchAsync<BroadcastSession, object>(onError, ct));
#pragma warning restore CS0618
    }

    public static InformerSource<V1Pod> WorkerPods(IKubernetes client, string watchNamespace, TimeSpan watchTimeout)
    {
        var timeout = (int)watchTimeout.TotalSeconds;
        return new InformerSource<V1Pod>(
            "pods",
            async ct =>
            {
                var list = watchNamespace.Length == 0
                    ? await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: WorkerLabels.ComponentSelector, cancellationToken: ct)
                    : await client.CoreV1.ListNamespacedPodAsync(watchNamespace, labelSelector: WorkerLabels.ComponentSelector, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => watchNamespace.Length == 0
                ? client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: WorkerLabels.ComponentSelector,
                    resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedPodAsync(watchNamespace, allowWatchBookmarks: true, labelSelector: WorkerLabels.ComponentSelector,
                    resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
    }

    public static InformerSource<V1Service> WorkerServices(IKubernetes client, string watchNamespace, TimeSpan watchTimeout)
    {
        var timeout = (int)watchTimeout.TotalSeconds;
        return new InformerSource<V1Service>(
            "services",
            async ct =>
            {
                var list = watchNamespace.Length == 0
                    ? await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: WorkerLabels.ComponentSelector, cancellationToken: ct)
                    : await client.CoreV1.ListNamespacedServiceAsync(watchNamespace, labelSelector: WorkerLabels.ComponentSelector, cancellationToken: ct);
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (rv, onError, ct) => watchNamespace.Length == 0
                ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: WorkerLabels.ComponentSelector,
                    resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedServiceAsync(watchNamespace, allowWatchBookmarks: true, labelSelector: WorkerLabels.ComponentSelector,
                    resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
    }
}
