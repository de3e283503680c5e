using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.MediaWorker.Options;

/// <summary>
/// How the structured values of the worker's environment read: the validator asks whether they do, and
/// <see cref="WorkerSettings.From"/> reads them once they did. One place, so the two never disagree.
/// </summary>
internal static class EnvironmentValues
{
    /// <summary>The value, or null when the variable is unset or empty.</summary>
    public static string? Present(string? value) => value is { Length: > 0 } ? value : null;

    public static string[] SplitList(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool IsHostName(string value) => Uri.CheckHostName(value) is UriHostNameType.IPv4 or UriHostNameType.IPv6 or UriHostNameType.Dns;

    public static bool TryParseAbsoluteUri(string text, [NotNullWhen(true)] out Uri? uri) => Uri.TryCreate(text, UriKind.Absolute, out uri);

    public static string NoAbsoluteUrl(string variable, string text) => $"{variable} holds no absolute URL: \"{text}\"";

    /// <summary>The channels the worker is MASTER of: a JSON array of <c>{language, name, arn, wss}</c>.</summary>
    public static bool TryParseLanguageChannels(string json, [NotNullWhen(true)] out IReadOnlyList<ChannelSettings>? channels, out string error)
    {
        channels = null;
        error = "";
        try
        {
            using var document = JsonDocument.Parse(json);
            var parsed = new List<ChannelSettings>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var wss = element.GetProperty("wss").GetString() ?? "";
                if (!TryParseAbsoluteUri(wss, out var uri))
                {
                    error = NoAbsoluteUrl(WorkerEnvironment.LanguageChannels, wss);
                    return false;
                }
                parsed.Add(new ChannelSettings(element.GetProperty("language").GetString()!, element.GetProperty("name").GetString()!,
                    element.GetProperty("arn").GetString()!, uri));
            }
            channels = parsed;
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            error = $"{WorkerEnvironment.LanguageChannels} is not a JSON array of {{language, name, arn, wss}}: {e.Message}";
            return false;
        }
    }

    /// <summary>The TTS voice per language: a JSON object language → voice.</summary>
    public static bool TryParseVoices(string json, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? voices, out string error)
    {
        try
        {
            voices = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            voices = null;
            error = $"{WorkerEnvironment.Voices} is not a JSON object of language to voice: {e.Message}";
            return false;
        }
    }
}
