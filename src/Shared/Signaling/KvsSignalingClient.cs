using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using BroadcastOperator.Aws;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// A KVS WebRTC signaling client, master or viewer, for Amazon KVS and the embedded service alike:
/// presigns the WSS URL with SigV4 (session token inside the signed query), then sends offers,
/// answers and candidates and yields what arrives through <see cref="ReadAllAsync"/>.
/// </summary>
public sealed class KvsSignalingClient : IAsyncDisposable
{
    private const int MaxFrameBytes = 256 * 1024;

    private readonly SignalingClientOptions _options;
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<SignalingMessage> _received;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpMessageInvoker? _invoker;
    private Task _receiveLoop = Task.CompletedTask;

    public KvsSignalingClient(SignalingClientOptions options)
    {
        if (options.Role == ChannelRole.Viewer && !ClientIdRules.IsValid(options.ClientId))
        {
            throw new ArgumentException("A viewer needs a client id matching [a-zA-Z0-9_.-]{1,256}", nameof(options));
        }
        if (options.Role == ChannelRole.Master && options.ClientId is not null)
        {
            throw new ArgumentException("The master connects without a client id", nameof(options));
        }
        _options = options;
        _received = Channel.CreateBounded<SignalingMessage>(new BoundedChannelOptions(options.ReceiveBufferCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _socket.Options.CollectHttpResponseDetails = true;
        if (options.HttpVersion is { } version)
        {
            // Over HTTP/2, ClientWebSocket needs a handler of our own; TLS settings then go on the handler.
            _socket.Options.HttpVersion = version;
            _socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = options.ServerCertificateValidation;
            _invoker = new HttpMessageInvoker(handler);
        }
        else if (options.ServerCertificateValidation is { } validation)
        {
            _socket.Options.RemoteCertificateValidationCallback = validation;
        }
    }

    /// <summary>Why the connection ended (close status description, or the error); null while open.</summary>
    public string? CloseReason { get; private set; }

    public WebSocketState State => _socket.State;

    /// <summary>
    /// The HTTP status of the opening request: 101 when connected over HTTP/1.1, 200 over HTTP/2, 403 when the service
    /// refused the credentials.
    /// </summary>
    public System.Net.HttpStatusCode ConnectStatusCode => _socket.HttpStatusCode;

    /// <summary>The presigned WSS URL for these options, as the KVS SDKs build it.</summary>
    public static async Task<Uri> CreateSignedUrlAsync(SignalingClientOptions options, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("X-Amz-ChannelARN", options.ChannelArn) };
        if (options.Role == ChannelRole.Viewer)
        {
            parameters.Add(new("X-Amz-ClientId", options.ClientId!));
        }
        var credentials = await options.Credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        return SigV4Signer.PresignUrl(options.ChannelEndpoint, parameters, credentials, options.Region, "kinesisvideo",
            options.Time.GetUtcNow(), options.UrlExpiry);
    }

    /// <summary>Opens the WebSocket; throws <see cref="WebSocketException"/> when the service refuses (e.g. 403).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        var url = await CreateSignedUrlAsync(_options, cancellationToken).ConfigureAwait(false);
        await _socket.ConnectAsync(url, _invoker, cancellationToken).ConfigureAwait(false);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Every message received, until the connection closes (a GO_AWAY is yielded before that).</summary>
    public IAsyncEnumerable<SignalingMessage> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _received.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Sends `{"type":"offer","sdp":…}`; the master names the viewer, a viewer names no one.</summary>
    public Task SendSdpOfferAsync(string sdp, string? recipientClientId = null, string? correlationId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(SignalingMessageTypes.SdpOffer, SdpJson("offer", sdp), recipientClientId, correlationId, cancellationToken);

    public Task SendSdpAnswerAsync(string sdp, string? recipientClientId = null, string? correlationId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(SignalingMessageTypes.SdpAnswer, SdpJson("answer", sdp), recipientClientId, correlationId, cancellationToken);

    /// <summary>Sends `{"candidate":…, "sdpMid":…, "sdpMLineIndex":…}` as browsers serialise an RTCIceCandidate.</summary>
    public Task SendIceCandidateAsync(string candidate, string? sdpMid, int? sdpMLineIndex, string? recipientClientId = null,
        string? correlationId = null, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["candidate"] = candidate,
            ["sdpMid"] = sdpMid,
            ["sdpMLineIndex"] = sdpMLineIndex,
        });
        return SendAsync(SignalingMessageTypes.IceCandidate, json, recipientClientId, correlationId, cancellationToken);
    }

    /// <summary>Sends any action with a JSON payload (base64-encoded here).</summary>
    public async Task SendAsync(string action, string payloadJson, string? recipientClientId, string? correlationId,
        CancellationToken cancellationToken = default)
    {
        if (_options.Role == ChannelRole.Viewer && recipientClientId is not null)
        {
            throw new ArgumentException("A viewer's messages go to the master: no recipient", nameof(recipientClientId));
        }
        var message = new ClientMessage(action, Convert.ToBase64String(Encoding.UTF8.GetBytes(payloadJson)), recipientClientId, correlationId);
        await SendRawAsync(message.ToUtf8Json(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a text frame as is (tests use it to send what the SDKs never would).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
            }
        }
        await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await CloseAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or WebSocketException)
        {
        }
        _stop.Cancel();
        _socket.Dispose();
        _invoker?.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxFrameBytes];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        throw new WebSocketException("Signaling frame larger than " + MaxFrameBytes + " bytes");
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseReason = _socket.CloseStatusDescription ?? _socket.CloseStatus?.ToString() ?? "closed";
                    return;
                }
                // Frames we cannot parse are skipped, as the KVS SDKs do, for forward compatibility.
                if (ServerMessage.TryParse(buffer.AsSpan(0, length), out var message))
                {
                    await _received.Writer.WriteAsync(SignalingMessage.From(message), _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            CloseReason ??= e.Message;
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <summary>The payload JSON of an offer or answer, `{"type": "answer", "sdp": …}`, for <see cref="SendAsync"/>.</summary>
    public static string SdpJson(string type, string sdp) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = type, ["sdp"] = sdp });
}
