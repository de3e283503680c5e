using System.Security.Cryptography;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.Channels;

/// <summary>
/// The channels of this service, in memory, and in Signaling:StateFile when one is set (`make run` sets it): a restart
/// drops the connections, but the channels and their ARNs stay, so their clients reconnect to them. Without a state
/// file a restart loses them and the operator re-creates missing channels (new ARNs) when it reconciles.
/// </summary>
public sealed class ChannelRegistry
{
    public const int MaxTagsPerResource = 50;

    private readonly Dictionary<string, SignalingChannel> _byName = new(StringComparer.Ordinal);
    private readonly object _lock = new(); // Monitor: re-entrant, FindByArn runs inside mutations
    private readonly IOptions<SignalingOptions> _options;
    private readonly TimeProvider _time;
    private readonly SignalingMetrics _metrics;
    private readonly string? _stateFile;
    private long _lastCreationMillis;

    public ChannelRegistry(IOptions<SignalingOptions> options, TimeProvider time, SignalingMetrics metrics)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _stateFile = options.Value.StateFile is { Length: > 0 } file ? file : null;
        if (_stateFile is not null)
        {
            var (channels, lastCreationMillis) = ChannelStateFile.Load(_stateFile);
            foreach (var channel in channels)
            {
                _byName[channel.Name] = channel;
            }
            _lastCreationMillis = lastCreationMillis;
            metrics.Channels.Set(_byName.Count);
        }
    }

    /// <summary>Raised after a channel is deleted, outside the registry lock.</summary>
    public event Action<SignalingChannel>? Deleted;

    public ChannelRegistryResult Create(string name, int messageTtlSeconds, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            if (_byName.ContainsKey(name))
            {
                return ChannelRegistryResult.Fail(ChannelRegistryError.AlreadyExists);
            }
            if (_byName.Count >= _options.Value.MaxChannels)
            {
                return ChannelRegistryResult.Fail(ChannelRegistryError.ChannelLimitExceeded);
            }
            if (tags.Count > MaxTagsPerResource)
            {
                return ChannelRegistryResult.Fail(ChannelRegistryError.TagLimitExceeded);
            }
            var now = _time.GetUtcNow();
            // Creation millis make the ARN; keep them strictly increasing so a re-created name gets a new ARN.
            var millis = Math.Max(now.ToUnixTimeMilliseconds(), _lastCreationMillis + 1);
            _lastCreationMillis = millis;
            var arn = new ChannelArn("aws", _options.Value.Region, _options.Value.AccountId, name, millis);
            var channel = new SignalingChannel(arn, SignalingChannel.SingleMaster, DateTimeOffset.FromUnixTimeMilliseconds(millis),
                NewVersion(), messageTtlSeconds, new Dictionary<string, string>(tags, StringComparer.Ordinal));
            _byName[name] = channel;
            _metrics.Channels.Set(_byName.Count);
            Persist();
            return ChannelRegistryResult.Ok(channel);
        }
    }

    public SignalingChannel? FindByName(string name)
    {
        lock (_lock)
        {
            return _byName.GetValueOrDefault(name);
        }
    }

    /// <summary>The channel with exactly this ARN (an old ARN of a re-created name finds nothing).</summary>
    public SignalingChannel? FindByArn(string arn)
    {
        if (!ChannelArn.TryParse(arn, out var parsed))
        {
            return null;
        }
        lock (_lock)
        {
            return _byName.TryGetValue(parsed.ChannelName, out var channel) && channel.ArnText == arn ? channel : null;
        }
    }

    /// <summary>Channels ordered by name, after <paramref name="afterName"/>, whose names start with the prefix.</summary>
    public IReadOnlyList<SignalingChannel> List(string? namePrefix, string? afterName, int max)
    {
        lock (_lock)
        {
            return _byName.Values
                .Where(c => namePrefix is null || c.Name.StartsWith(namePrefix, StringComparison.Ordinal))
                .Where(c => afterName is null || string.CompareOrdinal(c.Name, afterName) > 0)
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .Take(max)
                .ToList();
        }
    }

    public ChannelRegistryResult Delete(string arn, string? currentVersion)
    {
        SignalingChannel? deleted;
        lock (_lock)
        {
            var result = Mutate(arn, currentVersion, _ => null);
            if (result.Error != ChannelRegistryError.None)
            {
                return result;
            }
            deleted = result.Channel;
        }
        Deleted?.Invoke(deleted!);
        return ChannelRegistryResult.Ok(deleted!);
    }

    public ChannelRegistryResult Update(string arn, string? currentVersion, int messageTtlSeconds)
    {
        lock (_lock)
        {
            return Mutate(arn, currentVersion, c => c with { MessageTtlSeconds = messageTtlSeconds, Version = NewVersion() });
        }
    }

    public ChannelRegistryResult Tag(string arn, IReadOnlyDictionary<string, string> tags)
    {
        lock (_lock)
        {
            var existing = FindByArn(arn);
            if (existing is not null && existing.Tags.Keys.Union(tags.Keys).Count() > MaxTagsPerResource)
            {
                return ChannelRegistryResult.Fail(ChannelRegistryError.TagLimitExceeded);
            }
            return Mutate(arn, null, c =>
            {
                var merged = new Dictionary<string, string>(c.Tags, StringComparer.Ordinal);
                foreach (var (key, value) in tags)
                {
                    merged[key] = value;
                }
                return c with { Tags = merged };
            });
        }
    }

    public ChannelRegistryResult Untag(string arn, IEnumerable<string> keys)
    {
        lock (_lock)
        {
            return Mutate(arn, null, c =>
            {
                var remaining = new Dictionary<string, string>(c.Tags, StringComparer.Ordinal);
                foreach (var key in keys)
                {
                    remaining.Remove(key);
                }
                return c with { Tags = remaining };
            });
        }
    }

    /// <summary>Applies a change under the lock; a null replacement deletes. Returns the channel before the change when deleting.</summary>
    private ChannelRegistryResult Mutate(string arn, string? currentVersion, Func<SignalingChannel, SignalingChannel?> change)
    {
        var channel = FindByArn(arn);
        if (channel is null)
        {
            return ChannelRegistryResult.Fail(ChannelRegistryError.NotFound);
        }
        if (currentVersion is not null && currentVersion != channel.Version)
        {
            return ChannelRegistryResult.Fail(ChannelRegistryError.VersionMismatch);
        }
        var replacement = change(channel);
        if (replacement is null)
        {
            _byName.Remove(channel.Name);
            _metrics.Channels.Set(_byName.Count);
            Persist();
            return ChannelRegistryResult.Ok(channel);
        }
        _byName[channel.Name] = replacement;
        Persist();
        return ChannelRegistryResult.Ok(replacement);
    }

    /// <summary>Writes the state file under the lock, so the file always holds one complete state of the registry.</summary>
    private void Persist()
    {
        if (_stateFile is not null)
        {
            ChannelStateFile.Save(_stateFile, _byName.Values, _lastCreationMillis);
        }
    }

    private static string NewVersion() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 20);
}
