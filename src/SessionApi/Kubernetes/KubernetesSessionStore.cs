using System.Net;
using BroadcastOperator.SessionApi.Options;
using BroadcastOperator.Shared.Model;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Kubernetes;

/// <summary><see cref="ISessionStore"/> over the Kubernetes API (the embedded server or a real cluster).</summary>
public sealed class KubernetesSessionStore(KubernetesClientProvider clients, IOptions<SessionApiOptions> options) : ISessionStore
{
    private string Namespace => options.Value.Namespace;

    public Task<BroadcastSession?> TryCreateAsync(BroadcastSession session, CancellationToken cancellationToken) =>
        Call($"Creating session {session.Metadata.Name}", async client =>
        {
            try
            {
                return (BroadcastSession?)await client.CustomObjects.CreateNamespacedCustomObjectAsync<BroadcastSession>(session,
                    BroadcastSession.Group, BroadcastSession.Version, Namespace, BroadcastSession.Plural, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && IsAlreadyExists(e))
            {
                return null;
            }
        });

    public Task<BroadcastSession?> GetAsync(string name, CancellationToken cancellationToken) =>
        Call($"Reading session {name}", async client =>
        {
            try
            {
                return (BroadcastSession?)await client.CustomObjects.GetNamespacedCustomObjectAsync<BroadcastSession>(
                    BroadcastSession.Group, BroadcastSession.Version, Namespace, BroadcastSession.Plural, name, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    public Task<IReadOnlyList<BroadcastSession>> ListAsync(string labelSelector, CancellationToken cancellationToken) =>
        Call("Listing sessions", async client =>
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group,
                BroadcastSession.Version, Namespace, BroadcastSession.Plural, labelSelector: labelSelector, cancellationToken: cancellationToken);
            return (IReadOnlyList<BroadcastSession>)[.. list.Items];
        });

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        Call($"Deleting session {name}", async client =>
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(BroadcastSession.Group, BroadcastSession.Version, Namespace,
                BroadcastSession.Plural, name, cancellationToken: cancellationToken);
            return true;
        });

    public Task PingAsync(CancellationToken cancellationToken) =>
        Call("Checking the Kubernetes API", async client =>
        {
            await client.CustomObjects.ListNamespacedCustomObjectAsync<BroadcastSessionList>(BroadcastSession.Group, BroadcastSession.Version,
                Namespace, BroadcastSession.Plural, limit: 1, cancellationToken: cancellationToken);
            return true;
        });

    private async Task<T> Call<T>(string what, Func<IKubernetes, Task<T>> call)
    {
        try
        {
            return await call(clients.Client);
        }
        catch (Exception e) when (e is HttpOperationException || KubernetesErrors.IsTransport(e))
        {
            throw KubernetesErrors.ToProblem(e, what);
        }
    }

    private static bool IsAlreadyExists(HttpOperationException e) =>
        e.Response.Content?.Contains("AlreadyExists", StringComparison.Ordinal) ?? true;
}
