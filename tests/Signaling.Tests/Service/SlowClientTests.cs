using System.Net.WebSockets;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.DataPlane;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;

namespace BroadcastOperator.Signaling.Tests.Service;

public sealed class SlowClientTests
{
    [Fact]
    public async Task Client_that_stops_reading_is_disconnected_when_its_queue_fills_and_never_blocks_the_sender()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new SignalingOptions());
        var metrics = new SignalingMetrics();
        var hub = new SignalingHub(new ChannelRegistry(options, TimeProvider.System, metrics), options, metrics, TimeProvider.System);
        var stalled = new StalledStream();
        using var socket = WebSocket.CreateFromStream(stalled, new WebSocketCreationOptions { IsServer = true });
        var connection = new SignalingConnection(socket, "arn", ChannelRole.Viewer, "slow", queueCapacity: 8);
        var writer = connection.RunWriterAsync();
        var frame = new ServerMessage(SignalingMessageTypes.SdpAnswer, "e30=").ToUtf8Json();

        var started = DateTime.UtcNow;
        for (var i = 0; i < 1000; i++)
        {
            hub.Deliver(connection, frame);
        }
        var sendingTook = DateTime.UtcNow - started;
        // The stalled writer is aborted after the close grace period, without any help from the peer.
        await writer.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(connection.IsClosing);
        Assert.True(sendingTook < TimeSpan.FromSeconds(2), $"delivering took {sendingTook}");
        Assert.Equal(1, metrics.Rejections.WithLabels("send_queue_full", "VIEWER").Value);
        Assert.Equal(WebSocketState.Aborted, socket.State);
    }

    /// <summary>A network stream whose writes hang until released, like a peer that stopped reading.</summary>
    private sealed class StalledStream : Stream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            await _released.Task.WaitAsync(cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
