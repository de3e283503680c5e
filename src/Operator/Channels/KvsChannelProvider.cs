using System.Collections.Concurrent;
using BroadcastOperator.Aws;
using BroadcastOperator.Shared.Kvs;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Operator.Channels;

/// <summary>
/// Channels through the KVS control-plane API (SigV4), so one implementation serves Amazon KVS and
/// src/Signaling alike. Endpoints of a channel never change, so they are cached by ARN.
/// </summary>
public sealed class KvsChannelProvider(KvsControlPlaneClient client) : IChannelProvider, IDisposable
{
    private const string ActiveStatus = "ACTIVE";
    private readonly ConcurrentDictionary<string, (ChannelEndpointPair Master, ChannelEndpointPair Viewer)> _endpoints = new();

    public async Task<IReadOnlyList<ChannelRecord>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var infos = await client.ListSignalingChannelsAsync(prefix, cancellationToken);
        var records = new List<ChannelRecord>(infos.Count);
        foreach (var info in infos.Where(i => i.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            records.Add(await ToRecordAsync(info, cancellationToken));
        }
        return records;
    }

    public async Task<ChannelRecord> EnsureAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        // Describe first: a previous reconcile (or a previous operator) may have created it already.
        var existing = await client.DescribeSignalingChannelAsync(name, cancellationToken: cancellationToken);
        if (existing is null)
        {
            try
            {
                await client.CreateSignalingChannelAsync(name, tags, cancellationToken: cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorType == "ResourceInUseException")
            {
                // Created concurrently since the describe: take that one.
            }
            existing = await client.DescribeSignalingChannelAsync(name, cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException($"channel {name} vanished right after it was created");
        }
        return await ToRecordAsync(existing, cancellationToken);
    }

    public async Task DeleteAsync(ChannelRecord channel, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteSignalingChannelAsync(channel.Arn, cancellationToken: cancellationToken);
        }
        catch (AwsServiceException e) when (e.IsNotFound)
        {
        }
        _endpoints.TryRemove(channel.Arn, out _);
    }

    public void Dispose() => client.Dispose();

    private async Task<ChannelRecord> ToRecordAsync(KvsChannelInfo info, CancellationToken cancellationToken)
    {
        // Real KVS reports CREATING for a moment; src/Signaling answers ACTIVE at once.
        if (!string.Equals(info.Status, ActiveStatus, StringComparison.OrdinalIgnoreCase))
        {
            return new ChannelRecord(info.Name, info.Arn, Active: false, null, null);
        }
        if (!_endpoints.TryGetValue(info.Arn, out var endpoints))
        {
            var master = await client.GetSignalingChannelEndpointAsync(info.Arn, ChannelRole.Master, cancellationToken);
            var viewer = await client.GetSignalingChannelEndpointAsync(info.Arn, ChannelRole.Viewer, cancellationToken);
            endpoints = (ToPair(master), ToPair(viewer));
            _endpoints[info.Arn] = endpoints;
        }
        return new ChannelRecord(info.Name, info.Arn, Active: true, endpoints.Master, endpoints.Viewer);
    }

    private static ChannelEndpointPair ToPair(KvsChannelEndpoints endpoints) =>
        new(endpoints.Wss?.ToString(), endpoints.Https?.ToString());
}
