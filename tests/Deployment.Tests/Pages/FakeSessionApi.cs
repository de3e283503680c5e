using System.Collections.Concurrent;
using System.Text.Json;
using BroadcastOperator.Aws;
using BroadcastOperator.Deployment.Tests.Support;
using BroadcastOperator.Shared.Kvs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace BroadcastOperator.Deployment.Tests.Pages;

/// <summary>
/// Stands in for SessionApi, the operator and the worker so the pages can be driven alone: it serves the real
/// wwwroot, answers the SessionApi routes the pages call with the same JSON shapes, provisions a real channel on
/// the real Signaling service per session, and streams captions as the worker's SSE endpoint would. A listener
/// joins the speaker's own channel, so the speaker page's microphone reaches the listener page over WebRTC.
/// </summary>
public sealed class FakeSessionApi(Uri signalingEndpoint, AwsCredentials credentials, string region) : IAsyncDisposable
{
    public const string Token = "speaker-test-token";

    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new();
    private WebApplication? _app;
    private int _created;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public IReadOnlyDictionary<string, FakeSession> Sessions => _sessions;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            await next(context);
        });
        _app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Repository.PathOf("src", "SessionApi", "wwwroot")) });
        _app.MapPost("/sessions", (Delegate)CreateAsync);
        _app.MapGet("/sessions/{id}", (string id) => _sessions.TryGetValue(id, out var s) ? Results.Json(View(s)) : Results.NotFound());
        _app.MapDelete("/sessions/{id}", (string id, HttpContext context) =>
            !Authorized(context) ? Results.Unauthorized() : _sessions.TryGetValue(id, out var s) && s.MarkDeleted() ? Results.Accepted() : Results.NotFound());
        _app.MapPost("/sessions/{id}/speaker-credentials", (string id, HttpContext context) =>
            !Authorized(context) ? Results.Unauthorized()
            : _sessions.TryGetValue(id, out var s) ? Results.Json(Access(s, s.SourceLanguage, "MASTER", "speaker")) : Results.NotFound());
        _app.MapPost("/sessions/{id}/join", JoinAsync);
        _app.MapGet("/captions", CaptionsAsync);
        await _app.StartAsync();
        var address = _app.Urls.Single();
        BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private static bool Authorized(HttpContext context) => context.Request.Headers.Authorization == $"Bearer {Token}";

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Results.Problem(title: "Unauthorized", statusCode: 401);
        }
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var id = $"talk-{Interlocked.Increment(ref _created)}";
        using var controlPlane = new KvsControlPlaneClient(
            new KvsClientOptions { Endpoint = signalingEndpoint, Region = region, ServerCertificateValidation = (_, _, _, _) => true },
            new StaticCredentialsSource(credentials));
        var arn = await controlPlane.CreateSignalingChannelAsync($"{id}-{Guid.NewGuid():N}");
        var session = new FakeSession(id, arn, body.GetProperty("sourceLanguage").GetString()!,
            [.. body.GetProperty("targetLanguages").EnumerateArray().Select(t => t.GetString()!)]);
        _sessions[id] = session;
        return Results.Json(View(session), statusCode: 201);
    }

    private async Task<IResult> JoinAsync(string id, HttpContext context)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return Results.NotFound();
        }
        var language = (await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body)).GetProperty("language").GetString()!;
        var listener = session.Join(language);
        return Results.Json(Access(session, language, "VIEWER", $"listener-{listener}"));
    }

    /// <summary>
    /// The worker's caption stream, in its wire shape (`event: partial|final`, JSON data): the source-language
    /// original and, for another language, its translation, a partial then a final each, repeated.
    /// </summary>
    private async Task CaptionsAsync(HttpContext context, string language)
    {
        context.Response.ContentType = "text/event-stream";
        var sourceLanguage = _sessions.Values.FirstOrDefault()?.SourceLanguage ?? "en";
        // A caption every 300 ms, as a speaker's partials and finals would arrive.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        for (var n = 1; !context.RequestAborted.IsCancellationRequested; n++)
        {
            foreach (var final in new[] { false, true })
            {
                foreach (var (lang, text) in language == sourceLanguage ? [(language, "Hello everyone")] : new[] { (sourceLanguage, "Hello everyone"), (language, Translation(language)) })
                {
                    var caption = JsonSerializer.Serialize(new { phraseId = $"{n}", language = lang, source = lang == sourceLanguage, text = final ? $"{text} ({n})." : text, final });
                    await context.Response.WriteAsync($"event: {(final ? "final" : "partial")}\nid: {n}\ndata: {caption}\n\n", context.RequestAborted);
                }
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await pace.WaitForNextTickAsync(context.RequestAborted);
            }
        }
    }

    private static string Translation(string language) => language switch { "es" => "Hola a todos", "ca" => "Hola a tothom", _ => "Hello everyone" };

    private object View(FakeSession s) => new
    {
        id = s.Id,
        speakerId = "alice",
        phase = s.Deleted ? "Terminating" : "Active",
        sourceLanguage = s.SourceLanguage,
        targetLanguages = s.TargetLanguages,
        languages = s.ServedLanguages.Select(l => new { language = l, listeners = s.ListenersOf(l), ready = true }),
        listenerCount = s.ListenerCount,
    };

    private object Access(FakeSession s, string language, string role, string clientId) => new
    {
        sessionId = s.Id,
        language,
        channelArn = s.ChannelArn,
        role,
        clientId,
        region,
        endpoints = new { wss = $"wss://127.0.0.1:{signalingEndpoint.Port}", https = signalingEndpoint.ToString() },
        iceServers = Array.Empty<object>(),
        credentials = new { accessKeyId = credentials.AccessKeyId, secretAccessKey = credentials.SecretAccessKey, sessionToken = "", expiration = DateTimeOffset.UtcNow.AddMinutes(5) },
        captionsUrl = new Uri(BaseUrl, $"captions?language={language}").ToString(),
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
