using System.Text.Json;
using BroadcastOperator.MediaWorker.Options;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Quality;

namespace BroadcastOperator.MediaWorker.Captions;

/// <summary>
/// <c>GET /captions?language=xx</c>: Server-Sent Events with the source text and that language's translation, and
/// <c>event: quality</c> hints about the speaker's audio (shown by the speaker page).
/// </summary>
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
        using var writing = new SemaphoreSlim(1); // captions and hints are written by two loops to one response
        async Task WriteAsync(string text)
        {
            await writing.WaitAsync(context.RequestAborted);
            try
            {
                await context.Response.WriteAsync(text, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            finally
            {
                writing.Release();
            }
        }

        await WriteAsync(": captions for " + language + "\n\n");
        async Task CaptionsAsync()
        {
            await foreach (var caption in subscription.Reader.ReadAllAsync(context.RequestAborted))
            {
                if (caption.IsSourceLanguage || caption.Language == language)
                {
                    await WriteAsync(Format(caption));
                }
            }
        }

        async Task HintsAsync()
        {
            await foreach (var hint in subscription.Hints.ReadAllAsync(context.RequestAborted))
            {
                await WriteAsync(Format(hint));
            }
        }

        try
        {
            await Task.WhenAll(CaptionsAsync(), HintsAsync());
        }
        catch (OperationCanceledException)
        {
            // The listener went away.
        }
    }

    /// <summary>The phrase's expression label and its figures, rounded for display; nulls where nothing was measured.</summary>
    private static object ExpressionBody(PhraseExpression e) => new
    {
        label = e.Label,
        rateRatio = Math.Round(e.RateRatio, 2),
        loudnessDeltaDb = Math.Round(e.LoudnessDeltaDb, 1),
        pitchDeltaSemitones = Math.Round(e.PitchDeltaSemitones, 1),
        pitchRangeRatio = Math.Round(e.PitchRangeRatio, 2),
        finalSlopeSemitonesPerSecond = Round(e.FinalSlopeSemitonesPerSecond, 1),
        syllablesPerSecond = Math.Round(e.Prosody.SyllablesPerSecond, 2),
        wordsPerSecond = Round(e.Prosody.WordsPerSecond, 2),
        loudnessDbfs = Math.Round(e.Prosody.LoudnessDbfs, 1),
        f0Hz = Round(e.Prosody.F0Hz, 0),
        f0RangeSemitones = Round(e.Prosody.F0RangeSemitones, 1),
        pauses = e.Prosody.Pauses,
        pauseMs = (long)e.Prosody.PauseTime.TotalMilliseconds,
    };

    private static object AudioBody(AudioQualityWindow q) => new
    {
        rmsDbfs = Math.Round(q.RmsDbfs, 1),
        peakDbfs = Math.Round(q.PeakDbfs, 1),
        clippingRatio = Math.Round(q.ClippingRatio, 4),
        speechDbfs = Round(q.SpeechDbfs, 1),
        snrDb = Round(q.SnrDb, 1),
    };

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    /// <summary>One SSE event: <c>event: quality</c> with <c>{ok, reason, hint, message}</c>.</summary>
    public static string Format(AudioQualityHint hint) =>
        $"event: quality\ndata: {JsonSerializer.Serialize(hint, Json)}\n\n";

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
            expression = caption.Expression is { } e ? ExpressionBody(e) : null,
            audio = caption.Quality is { } q ? AudioBody(q) : null,
        }, Json);
        return $"event: {(caption.IsFinal ? "final" : "partial")}\nid: {caption.PhraseId}\ndata: {body}\n\n";
    }
}
