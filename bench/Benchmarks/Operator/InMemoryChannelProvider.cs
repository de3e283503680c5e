using System.Collections.Concurrent;
using BroadcastOperator.Operator.Channels;
using BroadcastOperator.Shared.Model;

namespace BroadcastOperator.Benchmarks.Operator;

/// <summary>
/// Channels in a dictionary: the benchmark measures the operator and the Kubernetes API path, not
/// the signaling service's HTTPS round trips (those are Signaling's own figures).
/// </summary>
internal sealed class InMemoryChannelProvider : IChannelProvider, IChannelProviderRegistry
{
    private readonly ConcurrentDictionary<string, ChannelRecord> _channels = new(StringComparer.Ordinal);
    private long _serial;

    public IChannelProvider? Get(ChannelProvider kind) => kind == ChannelProvider.Embedded ? this : null;

    public Task<IReadOnlyList<ChannelRecord>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChannelRecord>>(_channels.Values.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList());

    public Task<ChannelRecord> EnsureAsync(string name, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Task.FromResult(_channels.GetOrAdd(name, n => new ChannelRecord(n,
            $"arn:aws:kinesisvideo:us-east-1:000000000000:channel/{n}/{Interlocked.Increment(ref _serial)}", true,
            new ChannelEndpointPair("wss://127.0.0.1:8443", "https://127.0.0.1:8443"), new ChannelEndpointPair("wss://127.0.0.1:8443", "https://127.0.0.1:8443"))));

    public Task DeleteAsync(ChannelRecord channel, CancellationToken cancellationToken)
    {
        _channels.TryRemove(channel.Name, out _);
        return Task.CompletedTask;
    }
}
