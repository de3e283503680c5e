using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.Aws;
using BroadcastOperator.Speech.Engines.Aws.EventStream;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Aws;

/// <summary>
/// Amazon Transcribe Streaming over its WebSocket API as an <see cref="ISpeechRecognizer"/>. Each phrase is one
/// stream: a presigned wss URL (SigV4 in the query), AudioEvents of 16 kHz PCM in event-stream framing, an
/// empty AudioEvent to end it; TranscriptEvents come back on the same socket. Partial captions use
/// Transcribe's partial-results stabilization.
/// </summary>
public sealed class TranscribeStreamingRecognizer : ISpeechRecognizer
{
    private const int MaxAudioEventBytes = 16000; // 0.5 s of audio per event
    private readonly AwsServiceOptions _options;
    private readonly string _languageCode;
    private readonly object _gate = new();
    private ClientWebSocket? _socket;
    private Task? _receiving;
    private TranscriptAssembler _transcript = new();
    private string? _error;
    private string _lastPartial = "";
    private PhraseId _phrase;
    private TimeSpan _start;
    private long _samples;

    public TranscribeStreamingRecognizer(AwsServiceOptions options, string language = "en", string? languageCode = null)
    {
        _options = options;
        Language = language;
        _languageCode = languageCode ?? language switch
        {
            "en" => "en-US",
            "es" => "es-US",
            "fr" => "fr-FR",
            "de" => "de-DE",
            "it" => "it-IT",
            "pt" => "pt-BR",
            "ca" => "ca-ES",
            _ => language,
        };
    }

    public string Language { get; }

    /// <summary>The presigned URL a stream is opened with (exposed for diagnostics and tests).</summary>
    public async ValueTask<Uri> CreateStreamUriAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var endpoint = _options.Endpoint ?? new Uri($"wss://transcribestreaming.{_options.Region}.amazonaws.com:8443/");
        var credentials = await _options.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        KeyValuePair<string, string>[] query =
        [
            new("language-code", _languageCode), new("media-encoding", "pcm"), new("sample-rate", "16000"),
            new("enable-partial-results-stabilization", "true"), new("partial-results-stability", "high"),
        ];
        return SigV4Signer.PresignUrl(new Uri(endpoint, "stream-transcription-websocket"), query, credentials, _options.Region,
            "transcribe", now, TimeSpan.FromMinutes(5));
    }

    public async ValueTask StartPhraseAsync(PhraseId phrase, TimeSpan start, CancellationToken cancellationToken)
    {
        await CloseAsync().ConfigureAwait(false);
        _phrase = phrase;
        _start = start;
        _samples = 0;
        _lastPartial = "";
        _error = null;
        _transcript = new TranscriptAssembler();
        var socket = new ClientWebSocket();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        await socket.ConnectAsync(await CreateStreamUriAsync(DateTimeOffset.UtcNow, timeout.Token).ConfigureAwait(false), timeout.Token).ConfigureAwait(false);
        _socket = socket;
        _receiving = Task.Run(() => ReceiveAsync(socket), CancellationToken.None);
    }

    public async ValueTask<RecognizedSegment?> AcceptAudioAsync(ReadOnlyMemory<short> samples16k, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("No phrase is open.");
        var bytes = MemoryMarshal.AsBytes(samples16k.Span).ToArray();
        for (var offset = 0; offset < bytes.Length; offset += MaxAudioEventBytes)
        {
            var audio = bytes.AsMemory(offset, Math.Min(MaxAudioEventBytes, bytes.Length - offset));
            await socket.SendAsync(EventStreamMessage.AudioEvent(audio).ToArray(), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }

        _samples += samples16k.Length;
        string partial;
        lock (_gate)
        {
            partial = _transcript.StableText;
        }

        if (partial.Length == 0 || partial == _lastPartial)
        {
            return null;
        }

        _lastPartial = partial;
        return new RecognizedSegment(_phrase, Language, partial, false, _start, _start + TimeSpan.FromSeconds(_samples / 16000.0));
    }

    public async ValueTask<RecognizedSegment> EndPhraseAsync(TimeSpan end, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is not null && socket.State == WebSocketState.Open)
        {
            // An empty AudioEvent tells Transcribe the audio is over; it then sends the last results and closes.
            await socket.SendAsync(EventStreamMessage.AudioEvent(ReadOnlyMemory<byte>.Empty).ToArray(), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            try
            {
                await _receiving!.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // keep what arrived
            }
        }

        await CloseAsync().ConfigureAwait(false);
        string text;
        lock (_gate)
        {
            text = _transcript.FinalText.Length > 0 ? _transcript.FinalText : _transcript.FullText;
        }

        if (text.Length == 0 && _error is not null)
        {
            throw new InvalidOperationException($"Transcribe: {_error}");
        }

        return new RecognizedSegment(_phrase, Language, text, true, _start, end);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Handle(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (WebSocketException e)
        {
            _error ??= e.Message;
        }
    }

    private void Handle(ReadOnlySpan<byte> frame)
    {
        if (EventStreamMessage.TryParse(frame, out var message, out _, out var parseError) != EventStreamParseStatus.Complete)
        {
            _error = $"bad event-stream frame: {parseError ?? "truncated"}";
            return;
        }

        var payload = Encoding.UTF8.GetString(message!.Payload.Span);
        if (message.MessageType == "exception")
        {
            _error = $"{message.Header(":exception-type")}: {payload}";
            return;
        }

        if (message.EventType == "TranscriptEvent")
        {
            lock (_gate)
            {
                _transcript.Apply(JsonNode.Parse(payload));
            }
        }
    }

    private async Task CloseAsync()
    {
        var socket = _socket;
        _socket = null;
        if (socket is null)
        {
            return;
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "phrase done", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the stream is finished either way
        }
        finally
        {
            socket.Dispose();
        }
    }
}
