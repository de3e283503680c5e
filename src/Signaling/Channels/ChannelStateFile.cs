using System.Text.Json;
using System.Text.Json.Serialization;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Channels;

/// <summary>
/// The channel registry on disk (Signaling:StateFile): a restarted service keeps its channels and their ARNs, so the
/// workers and pages holding those ARNs reconnect to the same channels instead of waiting for the operator to make new
/// ones (and new worker pods for the new ARNs). Written whole after each change: temp file, fsync, rename.
/// </summary>
public static class ChannelStateFile
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The channels saved in <paramref name="path"/> and the last creation millis; empty when there is no file.</summary>
    /// <exception cref="InvalidOperationException">The file is not a state file; the message names it and the byte offset.</exception>
    public static (IReadOnlyList<SignalingChannel> Channels, long LastCreationMillis) Load(string path)
    {
        if (!File.Exists(path))
        {
            return ([], 0);
        }
        State? state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"signaling state file {path} is not valid at byte {e.BytePositionInLine} of line {e.LineNumber + 1}: {e.Message}", e);
        }
        var channels = new List<SignalingChannel>();
        foreach (var saved in state?.Channels ?? [])
        {
            if (!ChannelArn.TryParse(saved.Arn, out var arn) || saved.Version is null)
            {
                throw new InvalidOperationException($"signaling state file {path} holds a channel without a valid ARN or version: {saved.Arn}");
            }
            channels.Add(new SignalingChannel(arn, saved.Type ?? SignalingChannel.SingleMaster, DateTimeOffset.FromUnixTimeMilliseconds(arn.CreationMillis),
                saved.Version, saved.MessageTtlSeconds, new Dictionary<string, string>(saved.Tags ?? [], StringComparer.Ordinal)));
        }
        return (channels, Math.Max(state?.LastCreationMillis ?? 0, channels.Count == 0 ? 0 : channels.Max(c => c.Arn.CreationMillis)));
    }

    public static void Save(string path, IEnumerable<SignalingChannel> channels, long lastCreationMillis)
    {
        var state = new State(lastCreationMillis, channels.Select(c => new SavedChannel(c.ArnText, c.ChannelType, c.Version, c.MessageTtlSeconds,
            c.Tags.Count == 0 ? null : new Dictionary<string, string>(c.Tags, StringComparer.Ordinal))).ToList());
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    private sealed record State(
        [property: JsonPropertyName("lastCreationMillis")] long LastCreationMillis,
        [property: JsonPropertyName("channels")] List<SavedChannel>? Channels);

    private sealed record SavedChannel(
        [property: JsonPropertyName("arn")] string Arn,
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("messageTtlSeconds")] int MessageTtlSeconds,
        [property: JsonPropertyName("tags")] Dictionary<string, string>? Tags);
}
