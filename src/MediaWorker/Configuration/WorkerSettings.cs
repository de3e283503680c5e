using System.Globalization;
using System.Net;
using System.Text.Json;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Configuration;

/// <summary>One signaling channel the worker joins, with the endpoints of its role there.</summary>
public sealed record ChannelSettings(string Language, string Name, string Arn, Uri Wss);

/// <summary>
/// The worker's configuration, read from the environment the operator sets on its Pod
/// (<see cref="WorkerEnvironment"/>). Invalid or missing values fail the start with a message
/// naming the variable, so a broken Pod says why in its log.
/// </summary>
public sealed record WorkerSettings
{
    public required string SessionName { get; init; }
    public required string SessionNamespace { get; init; }
    public required string SourceLanguage { get; init; }
    public required IReadOnlyList<string> TargetLanguages { get; init; }

    /// <summary>The speaker's channel, where the worker is a VIEWER.</summary>
    public required ChannelSettings SourceChannel { get; init; }

    /// <summary>One channel per language a listener can pick (source first), where the worker is MASTER.</summary>
    public required IReadOnlyList<ChannelSettings> LanguageChannels { get; init; }
    public required string Region { get; init; }
    public required IReadOnlyDictionary<string, string> Voices { get; init; }
    public required int MaxListeners { get; init; }
    public required int HttpPort { get; init; }
    public required IPEndPoint MediaEndPoint { get; init; }

    /// <summary>The IP or DNS name SDP candidates carry instead of the bound address (a node or load balancer); null: the bound address.</summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>The port SDP candidates carry (a nodePort, say); 0: the bound port.</summary>
    public int AdvertisedPort { get; init; }
    public required bool SignalingInsecureTls { get; init; }
    public required string AsrEngine { get; init; }
    public required string TranslationEngine { get; init; }
    public required string TtsEngine { get; init; }

    /// <summary>A listener that stops sending ICE checks this long is dropped and no longer counted.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after a listener's offer its answer is kept: re-sent with backoff while signaling refuses
    /// it as throttled, re-sent on a new signaling connection while the listener has not connected, then
    /// given up (the listener dropped) or presumed delivered. Default 30 s.
    /// </summary>
    public TimeSpan OfferLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker may write status.media; it writes only on change.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(2);

    public static WorkerSettings FromEnvironment(Func<string, string?> read)
    {
        string Required(string name) => read(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set");
        int Integer(string name, int fallback) =>
            read(name) is { Length: > 0 } text
                ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidOperationException($"{name}={text} is not a number")
                : fallback;

        TimeSpan PositiveSeconds(string name, int fallback)
        {
            var seconds = Integer(name, fallback);
            return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new InvalidOperationException($"{name}={seconds} must be at least 1");
        }

        int Port(string name)
        {
            var port = Integer(name, 0);
            return port <= IPEndPoint.MaxPort ? port : throw new InvalidOperationException($"{name}={port} is not a UDP port");
        }

        var source = Required(WorkerEnvironment.SourceLanguage);
        var targets = Required(WorkerEnvironment.TargetLanguages).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var mediaAddress = read(WorkerEnvironment.MediaAddress) is { Length: > 0 } address
            ? IPAddress.TryParse(address, out var parsed) ? parsed : throw new InvalidOperationException($"{WorkerEnvironment.MediaAddress}={address} is not an IP address")
            : IPAddress.Loopback;
        return new WorkerSettings
        {
            SessionName = Required(WorkerEnvironment.SessionName),
            SessionNamespace = Required(WorkerEnvironment.SessionNamespace),
            SourceLanguage = source,
            TargetLanguages = targets,
            SourceChannel = new ChannelSettings(source, Required(WorkerEnvironment.SourceChannelName), Required(WorkerEnvironment.SourceChannelArn),
                AbsoluteUri(WorkerEnvironment.SourceChannelWss, Required(WorkerEnvironment.SourceChannelWss))),
            LanguageChannels = ParseLanguageChannels(Required(WorkerEnvironment.LanguageChannels)),
            Region = read(WorkerEnvironment.Region) is { Length: > 0 } region ? region : "us-east-1",
            Voices = read(WorkerEnvironment.Voices) is { Length: > 0 } voices
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(voices) ?? []
                : new Dictionary<string, string>(),
            MaxListeners = Integer(WorkerEnvironment.MaxListeners, 500),
            HttpPort = Integer(WorkerEnvironment.HttpPort, 8080),
            MediaEndPoint = new IPEndPoint(mediaAddress, Port(WorkerEnvironment.MediaPort)),
            AdvertisedAddress = read(WorkerEnvironment.MediaAdvertisedAddress) is { Length: > 0 } advertised
                ? Uri.CheckHostName(advertised) is UriHostNameType.IPv4 or UriHostNameType.IPv6 or UriHostNameType.Dns
                    ? advertised
                    : throw new InvalidOperationException($"{WorkerEnvironment.MediaAdvertisedAddress}={advertised} is neither an IP address nor a DNS name")
                : null,
            AdvertisedPort = Port(WorkerEnvironment.MediaAdvertisedPort),
            SignalingInsecureTls = read(WorkerEnvironment.SignalingInsecureTls) is "true" or "1",
            AsrEngine = read(WorkerEnvironment.AsrEngine) ?? "local",
            TranslationEngine = read(WorkerEnvironment.TranslationEngine) ?? "local",
            TtsEngine = read(WorkerEnvironment.TtsEngine) ?? "local",
            ConsentTimeout = TimeSpan.FromSeconds(Integer(WorkerEnvironment.ConsentTimeoutSeconds, 30)),
            OfferLifetime = PositiveSeconds(WorkerEnvironment.OfferLifetimeSeconds, 30),
        };
    }

    private static IReadOnlyList<ChannelSettings> ParseLanguageChannels(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray().Select(e => new ChannelSettings(
                e.GetProperty("language").GetString()!,
                e.GetProperty("name").GetString()!,
                e.GetProperty("arn").GetString()!,
                AbsoluteUri(WorkerEnvironment.LanguageChannels, e.GetProperty("wss").GetString() ?? ""))).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{WorkerEnvironment.LanguageChannels} is not a JSON array of {{language, name, arn, wss}}: {e.Message}", e);
        }
    }

    private static Uri AbsoluteUri(string variable, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{variable} holds no absolute URL: \"{text}\"");
}
