using System.Buffers;
using System.Net.WebSockets;
using BroadcastOperator.Shared.Signaling;
using BroadcastOperator.Signaling.Auth;
using BroadcastOperator.Signaling.Channels;
using BroadcastOperator.Signaling.ControlPlane;
using BroadcastOperator.Signaling.Hosting;
using BroadcastOperator.Signaling.Metrics;
using BroadcastOperator.Signaling.Options;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.DataPlane;

/// <summary>
/// The WSS endpoint GetSignalingChannelEndpoint hands out (path "/"): a SigV4-presigned request with
/// X-Amz-ChannelARN (and X-Amz-ClientId for viewers) turned into a WebSocket, either an HTTP/1.1 GET
/// Upgrade (the KVS SDKs, Chromium) or an HTTP/2 extended CONNECT (RFC 8441; Firefox once TLS
/// negotiated h2). Refusals happen before the WebSocket opens, with an HTTP status and nothing changed
/// on the channel.
/// </summary>
public sealed class DataPlaneEndpoint(
    RequestAuthenticator authenticator,
    ChannelRegistry registry,
    SignalingHub hub,
    SignalingMetrics metrics,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    ILogger<DataPlaneEndpoint> logger)
{
    public static IEndpointRouteBuilder MapSignalingDataPlane(IEndpointRouteBuilder routes)
    {
        // The WebSocket middleware recognises both handshakes; the route must let both methods through.
        routes.MapMethods("/", [HttpMethods.Get, HttpMethods.Connect], (HttpContext context, DataPlaneEndpoint endpoint) => endpoint.HandleAsync(context));
        return routes;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            if (HttpMethods.IsConnect(context.Request.Method))
            {
                var error = AwsError.InvalidArgument("CONNECT is accepted only to open a WebSocket (:protocol websocket)");
                await Refuse(context, error, "not_websocket", role: null);
                return;
            }
            await TypedResults.Content(CertificatePage.Html, "text/html").ExecuteAsync(context);
            return;
        }
        var query = context.Request.Query;
        var arn = query["X-Amz-ChannelARN"].ToString();
        var clientId = query["X-Amz-ClientId"].ToString();
        var role = clientId.Length == 0 ? ChannelRole.Master : ChannelRole.Viewer;
        var auth = authenticator.Authenticate(context, [], role);
        if (!auth.Succeeded)
        {
            await AwsError.Forbidden(auth.Failure, auth.Detail).ToResult().ExecuteAsync(context);
            return;
        }
        if (role == ChannelRole.Viewer && !ClientIdRules.IsValid(clientId))
        {
            await Refuse(context, AwsError.InvalidArgument("X-Amz-ClientId must match [a-zA-Z0-9_.-]{1,256} and not start with AWS_"), "invalid_client_id", role);
            return;
        }
        if (!ChannelAccess.CanConnect(auth.Principal, arn, role, clientId))
        {
            await Refuse(context, new AwsError(403, "AccessDeniedException", "The credentials do not allow this role, client id or channel"),
                "access_denied", role);
            return;
        }
        if (registry.FindByArn(arn) is not { } channel)
        {
            await Refuse(context, AwsError.NotFound("The requested channel is not found or not active"), "channel_not_found", role);
            return;
        }
        if (role == ChannelRole.Viewer && !hub.HasRoomForViewer(channel.ArnText, clientId))
        {
            await Refuse(context, AwsError.ClientLimit("The channel has reached its viewer limit"), "viewer_limit", role);
            return;
        }
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new SignalingConnection(socket, channel.ArnText, role,
            role == ChannelRole.Master ? "MASTER" : clientId, options.Value.SendQueueCapacity);
        if (!hub.TryJoin(connection, channel.MessageTtlSeconds, out var viewers))
        {
            metrics.Reject("viewer_limit", role);
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Viewer limit of the channel reached", CancellationToken.None);
            return;
        }
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["channel"] = channel.Name, ["peer"] = connection.ClientId });
        SignalingLog.Connected(logger, role.ToWire(), connection.ClientId, channel.Name, context.Request.Protocol);
        var writer = connection.RunWriterAsync();
        var reason = "closed by client";
        try
        {
            var rateLimit = role == ChannelRole.Master
                ? ConnectionRateLimit.ForMaster(options.Value, viewers, time)
                : ConnectionRateLimit.ForViewer(options.Value, time);
            reason = await ReceiveLoopAsync(socket, connection, rateLimit, context.RequestAborted);
        }
        finally
        {
            hub.Leave(connection);
            connection.Close(WebSocketCloseStatus.NormalClosure, "");
            await writer;
            SignalingLog.Disconnected(logger, role.ToWire(), connection.ClientId, channel.Name, reason);
        }
    }

    private async Task<string> ReceiveLoopAsync(WebSocket socket, SignalingConnection connection, ConnectionRateLimit rateLimit,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        // A base64 payload is 4/3 of its bytes; the envelope adds ids and keys.
        var maxFrame = limits.MaxPayloadBytes * 4 / 3 + 4096;
        var buffer = ArrayPool<byte>.Shared.Rent(maxFrame + 1);
        try
        {
            while (!connection.IsClosing)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length > maxFrame)
                    {
                        metrics.Reject("message_too_big", connection.Role);
                        connection.Close(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxFrame} bytes");
                        return "message too big";
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length, maxFrame + 1 - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return "closed by client";
                }
                if (length > maxFrame)
                {
                    metrics.Reject("message_too_big", connection.Role);
                    connection.Close(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxFrame} bytes");
                    return "message too big";
                }
                HandleMessage(connection, buffer.AsSpan(0, length), rateLimit);
            }
            return "closed by server";
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return "connection lost";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleMessage(SignalingConnection connection, ReadOnlySpan<byte> frame, ConnectionRateLimit rateLimit)
    {
        // Every frame counts against the rate, well-formed or not.
        var allowed = rateLimit.TryTake();
        var parsed = ClientMessage.TryParse(frame, out var message, out var parseError);
        if (!allowed)
        {
            Reply(connection, message.CorrelationId, RouteError.Throttled);
            return;
        }
        if (!parsed)
        {
            Reply(connection, message.CorrelationId, RouteError.InvalidArgument(parseError, "malformed_message"));
            return;
        }
        var error = Validate(message);
        error ??= hub.Route(connection, message);
        if (error is not null)
        {
            Reply(connection, message.CorrelationId, error);
        }
    }

    private RouteError? Validate(ClientMessage message)
    {
        if (!SignalingMessageTypes.IsClientAction(message.Action))
        {
            return RouteError.InvalidArgument($"Unknown action '{message.Action}'", "unknown_action");
        }
        if (message.CorrelationId is not null && !ClientIdRules.IsValidCorrelationId(message.CorrelationId))
        {
            return RouteError.InvalidArgument("correlationId must match [a-zA-Z0-9_.-]{1,256}", "invalid_correlation_id");
        }
        if (message.RecipientClientId is not null && !ClientIdRules.IsValid(message.RecipientClientId))
        {
            return RouteError.InvalidArgument("recipientClientId is not a valid client id", "invalid_recipient");
        }
        var payload = message.MessagePayload;
        if (payload.Length == 0 || payload.Length > options.Value.MaxPayloadBytes * 4 / 3 + 4)
        {
            return RouteError.InvalidArgument($"messagePayload must be 1 to {options.Value.MaxPayloadBytes} bytes", "payload_size");
        }
        var decoded = ArrayPool<byte>.Shared.Rent(payload.Length);
        try
        {
            if (!Convert.TryFromBase64String(payload, decoded, out var bytes))
            {
                return RouteError.InvalidArgument("messagePayload is not valid base64", "bad_base64");
            }
            return bytes > options.Value.MaxPayloadBytes
                ? RouteError.InvalidArgument($"messagePayload must be at most {options.Value.MaxPayloadBytes} bytes", "payload_size")
                : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    /// <summary>Counts the refusal; the client hears of it only if it asked to (a correlation id), as KVS does.</summary>
    private void Reply(SignalingConnection connection, string? correlationId, RouteError error)
    {
        metrics.Reject(error.MetricReason, connection.Role);
        if (correlationId is not null && ClientIdRules.IsValidCorrelationId(correlationId))
        {
            hub.Deliver(connection, ServerMessage.Status(correlationId, error.ErrorType, error.StatusCode, error.Description).ToUtf8Json());
        }
    }

    private async Task Refuse(HttpContext context, AwsError error, string reason, ChannelRole? role)
    {
        metrics.Reject(reason, role);
        SignalingLog.Refused(logger, reason, error.Message);
        await error.ToResult().ExecuteAsync(context);
    }
}
