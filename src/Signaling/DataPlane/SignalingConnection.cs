using System.Net.WebSockets;
using System.Threading.Channels;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// One client's WebSocket with a bounded send queue drained by its own writer, so a slow client
/// only ever delays itself; when its queue overflows it is disconnected instead.
/// </summary>
public sealed class SignalingConnection
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly Channel<byte[]> _outgoing;
    private readonly CancellationTokenSource _abort = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private int _closing;

    public SignalingConnection(WebSocket socket, string channelArn, ChannelRole role, string clientId, int queueCapacity)
    {
        _socket = socket;
        ChannelArn = channelArn;
        Role = role;
        ClientId = clientId;
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string ChannelArn { get; }

    public ChannelRole Role { get; }

    /// <summary>The viewer's client id; "MASTER" for the master (which connects without one).</summary>
    public string ClientId { get; }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Queues a frame; false when the queue is full or the connection is closing.</summary>
    public bool TrySend(byte[] frame) => !IsClosing && _outgoing.Writer.TryWrite(frame);

    /// <summary>
    /// Sends what is queued (a GO_AWAY, for instance), then a close frame. A client that does not
    /// let us finish within a few seconds is aborted.
    /// </summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        _closeStatus = status;
        _closeReason = reason;
        _outgoing.Writer.TryComplete();
        _abort.CancelAfter(CloseGrace);
    }

    public async Task RunWriterAsync()
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(_abort.Token))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, _abort.Token);
            }
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, _abort.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    /// <summary>Stops the writer at once (the reader saw the socket end).</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outgoing.Writer.TryComplete();
        _abort.Cancel();
    }
}
