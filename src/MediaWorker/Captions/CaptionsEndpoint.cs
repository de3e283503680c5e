using System.Text.Json;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.MediaWorker.Captions;

/// <summary><c>GET /captions?language=xx</c>: Server-Sent Events with the source text and that language's translation.</summary>
public static class CaptionsEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapCaptionsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/captions", StreamAsync);
        return endpoints;
    }

    private static async Task StreamAsync(HttpContext context, string? language, CaptionHub hub, WorkerSettings settings)
    {
        var served = new[] { settings.SourceLanguage }.Concat(settings.TargetLanguages).ToHashSet(StringComparer.Ordinal);
        if (language is null || !served.Contains(language))
        {
            await Results.Problem(statusCode: 400, title: "Unknown caption language",
                detail: $"language must be one of: {string.Join(", ", served.Order(StringComparer.Ordinal))}").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Response.Headers.AccessControlAllowOrigin = "*";
        using var subscription = hub.Subscribe();
        await context.Response.WriteAsync(": captions for " + language + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var caption in subscription.Reader.ReadAllAsync(context.RequestAborted))
            {
                if (!caption.IsSourceLanguage && caption.Language != language)
                {
                    continue;
                }
                await context.Response.WriteAsync(Format(caption), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The listener went away.
        }
    }

    /// <summary>One SSE event: <c>event: partial|final</c>, <c>id: phrase</c>, and a JSON body.</summary>
    public static string Format(CaptionEvent caption)
    {
        var body = JsonSerializer.Serialize(new
        {
            phraseId = caption.PhraseId.ToString(),
            language = caption.Language,
            source = caption.IsSourceLanguage,
            text = caption.Text,
            final = caption.IsFinal,
            startMs = (long)caption.Start.TotalMilliseconds,
            endMs = (long)caption.End.TotalMilliseconds,
        }, Json);
        return $"event: {(caption.IsFinal ? "final" : "partial")}\nid: {caption.PhraseId}\ndata: {body}\n\n";
    }
}
