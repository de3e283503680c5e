using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Speech.Engines.Aws;
using BroadcastOperator.Speech.Engines.Aws.EventStream;
using BroadcastOperator.Speech.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.Speech.Tests.Aws;

public class CloudAdapterTests
{
    private static AwsServiceOptions Options(FakeAwsServer server, Uri? endpoint = null) => new()
    {
        Region = "eu-west-1",
        Credentials = new StaticCredentialsSource(new AwsCredentials("AKIDTEST", "secret")),
        Endpoint = endpoint ?? server.BaseUri,
        BaseBackoff = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task Translate_sends_a_signed_json_1_1_request_and_retries_throttling()
    {
        var calls = 0;
        await using var server = await FakeAwsServer.StartAsync((app, fake) => app.MapPost("/", async (HttpContext context) =>
        {
            await fake.RecordAsync(context);
            if (Interlocked.Increment(ref calls) == 1)
            {
                return Results.Json(new { __type = "ThrottlingException", message = "slow down" }, statusCode: 429);
            }

            return Results.Text("{\"TranslatedText\":\"hola mundo\",\"SourceLanguageCode\":\"en\",\"TargetLanguageCode\":\"es\"}", "application/x-amz-json-1.1");
        }));
        using var http = new HttpClient();
        var translate = new AmazonTranslateClient(http, Options(server), [new LanguagePair("en", "es")]);

        var text = await translate.TranslateAsync("hello world", new LanguagePair("en", "es"), CancellationToken.None);

        Assert.Equal("hola mundo", text);
        Assert.Equal(2, server.Requests.Count);
        var request = server.Requests.Last();
        Assert.True(request.IsSignedFor("translate", "eu-west-1"), request.Headers.GetValueOrDefault("authorization"));
        Assert.Equal("AWSShineFrontendService_20170701.TranslateText", request.Headers["x-amz-target"]);
        Assert.StartsWith("application/x-amz-json-1.1", request.Headers["content-type"]);
        Assert.Contains("x-amz-target", request.Headers["authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("hello world", body["Text"]!.GetValue<string>());
        Assert.Equal("en", body["SourceLanguageCode"]!.GetValue<string>());
        Assert.Equal("es", body["TargetLanguageCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Translate_reports_a_refused_request_without_retrying_it()
    {
        await using var server = await FakeAwsServer.StartAsync((app, fake) => app.MapPost("/", async (HttpContext context) =>
        {
            await fake.RecordAsync(context);
            return Results.Json(new { __type = "UnsupportedLanguagePairException", message = "en to xx is not supported" }, statusCode: 400);
        }));
        using var http = new HttpClient();
        var translate = new AmazonTranslateClient(http, Options(server), []);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => translate.TranslateAsync("hi", new LanguagePair("en", "xx"), CancellationToken.None));

        Assert.Contains("UnsupportedLanguagePairException", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Polly_asks_for_16_khz_pcm_from_the_neural_engine_and_streams_the_audio()
    {
        var pcm = Enumerable.Range(0, 16000).Select(i => (short)(i % 200 * 100)).ToArray();
        await using var server = await FakeAwsServer.StartAsync((app, fake) => app.MapPost("/v1/speech", async (HttpContext context) =>
        {
            await fake.RecordAsync(context);
            context.Response.ContentType = "audio/pcm";
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();
            for (var offset = 0; offset < bytes.Length; offset += 3001) // odd sizes split samples across writes
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(3001, bytes.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        }));
        using var http = new HttpClient();
        var polly = new AmazonPollySynthesizer(http, Options(server), neural: true, new RequestRateLimiter(100));

        var received = new List<short>();
        var chunks = 0;
        await foreach (var chunk in polly.SynthesizeAsync("hola a todos", "es", null, CancellationToken.None))
        {
            Assert.Equal(16000, chunk.SampleRate);
            received.AddRange(chunk.Samples.ToArray());
            chunks++;
        }

        Assert.Equal(pcm, received);
        Assert.True(chunks > 1, "audio is handed on as it arrives");
        var request = Assert.Single(server.Requests);
        Assert.True(request.IsSignedFor("polly", "eu-west-1"));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("pcm", body["OutputFormat"]!.GetValue<string>());
        Assert.Equal("16000", body["SampleRate"]!.GetValue<string>());
        Assert.Equal("neural", body["Engine"]!.GetValue<string>());
        Assert.Equal("Lucia", body["VoiceId"]!.GetValue<string>());
        Assert.Equal("hola a todos", body["Text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_shared_rate_limiter_spaces_requests_at_the_configured_rate()
    {
        var limiter = new RequestRateLimiter(8);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 9).Select(_ => limiter.WaitAsync(CancellationToken.None)));

        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(950), $"9 requests at 8/s took only {started.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Transcribe_streams_framed_audio_over_a_presigned_websocket_and_returns_the_final_transcript()
    {
        var audioBytes = 0;
        var framesOk = true;
        await using var server = await FakeAwsServer.StartAsync((app, fake) => app.Map("/stream-transcription-websocket", async (HttpContext context) =>
        {
            await fake.RecordAsync(context);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1 << 16];
            var partialSent = false;
            while (true)
            {
                var frame = await ReceiveWholeAsync(socket, buffer);
                if (frame is null)
                {
                    return;
                }

                framesOk &= EventStreamMessage.TryParse(frame, out var message)
                    && message.EventType == "AudioEvent" && message.MessageType == "event"
                    && message.Header(":content-type") == "application/octet-stream";
                audioBytes += message?.Payload.Length ?? 0;
                if (!partialSent)
                {
                    partialSent = true;
                    await SendTranscriptAsync(socket, "r1", true, "hello wor", [("hello", true), ("wor", false)]);
                }

                if (message?.Payload.Length == 0)
                {
                    await SendTranscriptAsync(socket, "r1", false, "hello world", [("hello", true), ("world", true)]);
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
                    return;
                }
            }
        }));
        var wsUri = new UriBuilder(server.BaseUri) { Scheme = "ws" }.Uri;
        await using var transcribe = new TranscribeStreamingRecognizer(Options(server, wsUri));
        var audio = new short[16000];

        await transcribe.StartPhraseAsync(new PhraseId(1), TimeSpan.Zero, CancellationToken.None);
        RecognizedSegment? partial = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (partial is null && DateTime.UtcNow < deadline)
        {
            partial = await transcribe.AcceptAudioAsync(audio.AsMemory(0, 1600), CancellationToken.None);
        }

        var final = await transcribe.EndPhraseAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal("hello", partial?.Text); // only the stable word of the partial result
        Assert.Equal("hello world", final.Text);
        Assert.True(final.IsFinal);
        Assert.True(framesOk, "every frame was a valid AudioEvent");
        Assert.True(audioBytes >= 3200 && audioBytes % 2 == 0);
        var request = Assert.Single(server.Requests);
        Assert.Equal("en-US", request.Query["language-code"]);
        Assert.Equal("pcm", request.Query["media-encoding"]);
        Assert.Equal("16000", request.Query["sample-rate"]);
        Assert.Equal("true", request.Query["enable-partial-results-stabilization"]);
        Assert.Equal("AWS4-HMAC-SHA256", request.Query["X-Amz-Algorithm"]);
        Assert.Matches("^AKIDTEST/\\d{8}/eu-west-1/transcribe/aws4_request$", request.Query["X-Amz-Credential"]);
        Assert.Matches("^[0-9a-f]{64}$", request.Query["X-Amz-Signature"]);
    }

    [Fact]
    public async Task A_transcribe_exception_event_becomes_a_clear_error()
    {
        await using var server = await FakeAwsServer.StartAsync((app, fake) => app.Map("/stream-transcription-websocket", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ReceiveWholeAsync(socket, new byte[1 << 16]);
            var error = new EventStreamMessage(
                [EventStreamHeader.String(":message-type", "exception"), EventStreamHeader.String(":exception-type", "BadRequestException")],
                Encoding.UTF8.GetBytes("{\"Message\":\"sample rate mismatch\"}"));
            await socket.SendAsync(error.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "error", CancellationToken.None);
        }));
        await using var transcribe = new TranscribeStreamingRecognizer(Options(server, new UriBuilder(server.BaseUri) { Scheme = "ws" }.Uri));

        await transcribe.StartPhraseAsync(new PhraseId(1), TimeSpan.Zero, CancellationToken.None);
        await transcribe.AcceptAudioAsync(new short[320], CancellationToken.None);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await transcribe.EndPhraseAsync(TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Contains("BadRequestException", error.Message);
        Assert.Contains("sample rate mismatch", error.Message);
    }

    private static async Task<byte[]?> ReceiveWholeAsync(WebSocket socket, byte[] buffer)
    {
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    private static Task SendTranscriptAsync(WebSocket socket, string id, bool partial, string text, (string Word, bool Stable)[] items)
    {
        var payload = new JsonObject
        {
            ["Transcript"] = new JsonObject
            {
                ["Results"] = new JsonArray(new JsonObject
                {
                    ["ResultId"] = id,
                    ["IsPartial"] = partial,
                    ["StartTime"] = 0.1,
                    ["EndTime"] = 0.9,
                    ["Alternatives"] = new JsonArray(new JsonObject
                    {
                        ["Transcript"] = text,
                        ["Items"] = new JsonArray(items.Select(i => (JsonNode)new JsonObject
                        {
                            ["Content"] = i.Word, ["Type"] = "pronunciation", ["Stable"] = i.Stable,
                        }).ToArray()),
                    }),
                }),
            },
        };
        var message = new EventStreamMessage(
            [
                EventStreamHeader.String(":message-type", "event"),
                EventStreamHeader.String(":event-type", "TranscriptEvent"),
                EventStreamHeader.String(":content-type", "application/json"),
            ],
            Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return socket.SendAsync(message.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
    }
}
