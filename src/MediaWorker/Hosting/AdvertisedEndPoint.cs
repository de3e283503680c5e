using System.Net;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Hosting;

/// <summary>
/// The end point the worker's SDP candidates carry when browsers reach it through another address
/// than the bound one. Resolved once at start: a candidate needs an IP, and a load balancer may only
/// have a DNS name. A name that does not resolve fails the start; the pod's restart tries again.
/// </summary>
public static class AdvertisedEndPoint
{
    /// <returns>Null when nothing is advertised (candidates carry the bound address); port 0 means the bound port.</returns>
    public static async Task<IPEndPoint?> ResolveAsync(WorkerSettings settings, CancellationToken cancellationToken)
    {
        var bound = settings.MediaEndPoint;
        if (settings.AdvertisedAddress is not { } host)
        {
            if (settings.AdvertisedPort == 0)
            {
                return null;
            }
            return bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any)
                ? throw new InvalidOperationException($"{WorkerEnvironment.MediaAdvertisedPort} needs {WorkerEnvironment.MediaAdvertisedAddress} when the worker binds every interface")
                : new IPEndPoint(bound.Address, settings.AdvertisedPort);
        }
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, settings.AdvertisedPort);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, bound.AddressFamily, cancellationToken);
        return addresses.Length > 0
            ? new IPEndPoint(addresses[0], settings.AdvertisedPort)
            : throw new InvalidOperationException($"{WorkerEnvironment.MediaAdvertisedAddress}={host} resolves to no {bound.AddressFamily} address");
    }
}
