using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// Who is connected to which channel, and message routing: a viewer's messages go to the master,
/// the master's to the viewer it names. One master per channel and one connection per viewer
/// client id: a newer connection replaces the older. Messages for an absent master wait for it
/// (bounded, for the channel's MessageTtlSeconds), as KVS does.
/// </summary>
public sealed class SignalingHub
{
    private readonly Dictionary<string, ChannelPeers> _channels = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly IOptions<SignalingOptions> _options;
    private readonly SignalingMetrics _metrics;
    private readonly TimeProvider _time;

    public SignalingHub(ChannelRegistry registry, IOptions<SignalingOptions> options, SignalingMetrics metrics, TimeProvider time)
    {
        _options = options;
        _metrics = metrics;
        _time = time;
        registry.Deleted += OnChannelDeleted;
    }

    /// <summary>
    /// Adds a connection; false when the channel's viewer limit is reached. <paramref name="viewers"/> counts the
    /// channel's viewers for its master's message allowance.
    /// </summary>
    public bool TryJoin(SignalingConnection connection, int messageTtlSeconds, [NotNullWhen(true)] out ChannelViewers? viewers)
    {
        viewers = null;
        SignalingConnection? replaced;
        List<byte[]> pending = [];
        lock (_lock)
        {
            if (!_channels.TryGetValue(connection.ChannelArn, out var peers))
            {
                peers = new ChannelPeers();
                _channels[connection.ChannelArn] = peers;
            }
            peers.MessageTtl = TimeSpan.FromSeconds(messageTtlSeconds);
            if (connection.Role == ChannelRole.Master)
            {
                replaced = peers.Master;
                peers.Master = connection;
                pending = peers.TakePendingForMaster(_time.GetUtcNow());
            }
            else
            {
                peers.Viewers.TryGetValue(connection.ClientId, out replaced);
                if (replaced is null && peers.Viewers.Count >= _options.Value.MaxViewersPerChannel)
                {
                    return false;
                }
                peers.Viewers[connection.ClientId] = connection;
                peers.ViewerCounts.Joining(replacesOlder: replaced is not null);
            }
            viewers = peers.ViewerCounts;
        }
        _metrics.Connections.WithLabels(connection.Role.ToWire()).Inc();
        if (replaced is not null)
        {
            _metrics.Reject("replaced_by_newer_connection", replaced.Role);
            replaced.Close(WebSocketCloseStatus.PolicyViolation, "Replaced by a newer connection with the same role and client id");
        }
        foreach (var frame in pending)
        {
            Deliver(connection, frame);
        }
        return true;
    }

    public void Leave(SignalingConnection connection)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(connection.ChannelArn, out var peers))
            {
                return;
            }
            if (connection.Role == ChannelRole.Master && ReferenceEquals(peers.Master, connection))
            {
                peers.Master = null;
            }
            else if (connection.Role == ChannelRole.Viewer && peers.Viewers.TryGetValue(connection.ClientId, out var current)
                     && ReferenceEquals(current, connection))
            {
                peers.Viewers.Remove(connection.ClientId);
                peers.ViewerCounts.Left();
            }
            if (peers.IsEmpty)
            {
                _channels.Remove(connection.ChannelArn);
            }
        }
        _metrics.Connections.WithLabels(connection.Role.ToWire()).Dec();
    }

    /// <summary>Routes one validated message from <paramref name="sender"/>; null when delivered (or queued for the master).</summary>
    public RouteError? Route(SignalingConnection sender, ClientMessage message)
    {
        SignalingConnection? recipient;
        byte[] frame;
        lock (_lock)
        {
            if (!_channels.TryGetValue(sender.ChannelArn, out var peers))
            {
                return RouteError.RecipientNotFound("The channel has no connections");
            }
            if (sender.Role == ChannelRole.Viewer)
            {
                if (message.RecipientClientId is not null)
                {
                    return RouteError.InvalidArgument("A viewer may only send to the master: omit recipientClientId", "viewer_addressed_peer");
                }
                frame = new ServerMessage(message.Action, message.MessagePayload, sender.ClientId).ToUtf8Json();
                recipient = peers.Master;
                if (recipient is null)
                {
                    if (!peers.QueueForMaster(frame, _time.GetUtcNow(), _options.Value.PendingMessagesForMaster))
                    {
                        return RouteError.RecipientNotFound("The master is not connected");
                    }
                    _metrics.Messages.WithLabels(message.Action).Inc();
                    return null;
                }
            }
            else
            {
                if (message.RecipientClientId is null)
                {
                    return RouteError.InvalidArgument("The master must name the recipientClientId", "missing_recipient");
                }
                if (!peers.Viewers.TryGetValue(message.RecipientClientId, out recipient))
                {
                    return RouteError.RecipientNotFound($"No viewer '{message.RecipientClientId}' is connected");
                }
                frame = new ServerMessage(message.Action, message.MessagePayload).ToUtf8Json();
            }
        }
        Deliver(recipient, frame);
        _metrics.Messages.WithLabels(message.Action).Inc();
        return null;
    }

    /// <summary>Sends to one client; a client whose queue is full is too slow and is disconnected.</summary>
    public void Deliver(SignalingConnection recipient, byte[] frame)
    {
        if (!recipient.TrySend(frame) && !recipient.IsClosing)
        {
            _metrics.Reject("send_queue_full", recipient.Role);
            recipient.Close(WebSocketCloseStatus.PolicyViolation, "Send queue full: the client reads too slowly");
        }
    }

    /// <summary>Whether a viewer may join: below the limit, or replacing its own older connection.</summary>
    public bool HasRoomForViewer(string channelArn, string clientId)
    {
        lock (_lock)
        {
            return !_channels.TryGetValue(channelArn, out var peers) || peers.Viewers.ContainsKey(clientId)
                || peers.Viewers.Count < _options.Value.MaxViewersPerChannel;
        }
    }

    private void OnChannelDeleted(SignalingChannel channel)
    {
        List<SignalingConnection> everyone;
        lock (_lock)
        {
            if (!_channels.Remove(channel.ArnText, out var peers))
            {
                return;
            }
            everyone = [.. peers.Viewers.Values];
            if (peers.Master is not null)
            {
                everyone.Add(peers.Master);
            }
        }
        var goAway = ServerMessage.GoAway().ToUtf8Json();
        foreach (var connection in everyone)
        {
            connection.TrySend(goAway);
            _metrics.Messages.WithLabels(SignalingMessageTypes.GoAway).Inc();
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "Channel deleted");
        }
    }

    private sealed class ChannelPeers
    {
        private readonly Queue<(byte[] Frame, DateTimeOffset Expires)> _pendingForMaster = new();

        public SignalingConnection? Master { get; set; }

        public Dictionary<string, SignalingConnection> Viewers { get; } = new(StringComparer.Ordinal);

        /// <summary>Mirrors <see cref="Viewers"/> for the master's rate limit, which reads it without the hub's lock.</summary>
        public ChannelViewers ViewerCounts { get; } = new();

        public TimeSpan MessageTtl { get; set; } = TimeSpan.FromSeconds(SignalingChannel.DefaultMessageTtlSeconds);

        public bool IsEmpty => Master is null && Viewers.Count == 0 && _pendingForMaster.Count == 0;

        public bool QueueForMaster(byte[] frame, DateTimeOffset now, int capacity)
        {
            while (_pendingForMaster.TryPeek(out var oldest) && oldest.Expires <= now)
            {
                _pendingForMaster.Dequeue();
            }
            if (_pendingForMaster.Count >= capacity)
            {
                return false;
            }
            _pendingForMaster.Enqueue((frame, now + MessageTtl));
            return true;
        }

        public List<byte[]> TakePendingForMaster(DateTimeOffset now)
        {
            var frames = _pendingForMaster.Where(p => p.Expires > now).Select(p => p.Frame).ToList();
            _pendingForMaster.Clear();
            return frames;
        }
    }
}
