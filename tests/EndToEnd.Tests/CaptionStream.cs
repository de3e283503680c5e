using System.Collections.Concurrent;
using System.Text.Json;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>One caption event as the worker sends it.</summary>
public sealed record Caption(string PhraseId, string Language, bool Source, string Text, bool Final);

/// <summary>Reads a captions Server-Sent Events URL in the background and keeps every event.</summary>
internal sealed class CaptionStream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private CaptionStream(string url) => _reading = ReadAsync(url);

    public ConcurrentQueue<Caption> Received { get; } = new();

    public static CaptionStream Open(string url) => new(url);

    public IReadOnlyList<Caption> Finals(string language, bool source) =>
        [.. Received.Where(c => c.Final && c.Language == language && c.Source == source)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(string url)
    {
        // Like EventSource: (re)connect every half second while the worker is still starting or went away.
        using var reconnect = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            do
            {
                await ReadEventsAsync(url);
            }
            while (await reconnect.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadEventsAsync(string url)
    {
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            if (!response.IsSuccessStatusCode)
            {
                return;
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonSerializer.Deserialize<Caption>(line[6..], Json) is { } caption)
                {
                    Received.Enqueue(caption);
                }
            }
        }
        catch (HttpRequestException)
        {
            // Not reachable yet: the next tick tries again.
        }
        catch (IOException)
        {
            // The stream broke: the next tick reconnects.
        }
    }
}
