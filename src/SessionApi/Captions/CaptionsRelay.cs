using BroadcastOperator.SessionApi.Options;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BroadcastOperator.SessionApi.Captions;

/// <summary>
/// Streams a worker's Server-Sent Events to one browser, flushing each read so captions arrive as they are made.
/// Concurrent streams are bounded per process so captions cannot exhaust SessionApi.
/// </summary>
public sealed class CaptionsRelay(IOptions<SessionApiOptions> options) : IDisposable
{
    private static readonly Gauge Open = Prometheus.Metrics.CreateGauge("sessionapi_caption_streams", "Caption streams being relayed");

    private readonly HttpClient _workers = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly SemaphoreSlim _slots = new(options.Value.MaxCaptionStreams);

    public async Task RelayAsync(HttpContext context, string workerUrl)
    {
        if (!_slots.Wait(0))
        {
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Too many caption streams",
                detail: "This SessionApi relays as many caption streams as it is configured to; retry shortly").ExecuteAsync(context);
            return;
        }
        using var gauge = Open.TrackInProgress();
        try
        {
            using var upstream = await OpenAsync(workerUrl, context.RequestAborted);
            if (upstream is null || !upstream.IsSuccessStatusCode)
            {
                context.Response.Headers.RetryAfter = "2";
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Captions unavailable",
                    detail: upstream is null ? "The session's worker cannot be reached yet" : $"The session's worker answered {(int)upstream.StatusCode}")
                    .ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await using var events = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
            await CopyFlushingAsync(events, context.Response.Body, context.RequestAborted);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        _workers.Dispose();
        _slots.Dispose();
    }

    private async Task<HttpResponseMessage?> OpenAsync(string workerUrl, CancellationToken cancellationToken)
    {
        try
        {
            return await _workers.GetAsync(workerUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task CopyFlushingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await destination.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser went away.
        }
        catch (IOException)
        {
            // The worker went away (session deleted): the stream ends, EventSource reconnects and learns why.
        }
    }
}
