using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.SessionApi.Kubernetes;

/// <summary>The BroadcastSession resources SessionApi reads and writes. Failures are <see cref="Hosting.ApiProblemException"/>.</summary>
public interface ISessionStore
{
    /// <summary>Creates the resource; false when the name is taken.</summary>
    Task<BroadcastSession?> TryCreateAsync(BroadcastSession session, CancellationToken cancellationToken);

    Task<BroadcastSession?> GetAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<BroadcastSession>> ListAsync(string labelSelector, CancellationToken cancellationToken);

    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Cheap round trip used by /readyz.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
