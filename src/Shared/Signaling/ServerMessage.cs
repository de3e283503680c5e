using System.Text.Json;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// A message the service sends on the signaling WebSocket:
/// <code>{"senderClientId": "viewer-1", "messageType": "SDP_OFFER", "messagePayload": base64(JSON),
///  "statusResponse": {"correlationId", "errorType", "statusCode", "description"}}</code>
/// GO_AWAY and STATUS_RESPONSE carry an empty payload.
/// </summary>
public sealed record ServerMessage(string MessageType, string MessagePayload, string? SenderClientId = null,
    StatusResponse? StatusResponse = null)
{
    public static ServerMessage GoAway() => new(SignalingMessageTypes.GoAway, "");

    public static ServerMessage Status(string correlationId, string errorType, int statusCode, string description) =>
        new(SignalingMessageTypes.StatusResponse, "", null,
            new StatusResponse(correlationId, errorType, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), description));

    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream(64 + MessagePayload.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (SenderClientId is not null) writer.WriteString("senderClientId", SenderClientId);
            writer.WriteString("messageType", MessageType);
            writer.WriteString("messagePayload", MessagePayload);
            if (StatusResponse is { } status)
            {
                writer.WriteStartObject("statusResponse");
                writer.WriteString("correlationId", status.CorrelationId);
                writer.WriteString("errorType", status.ErrorType);
                writer.WriteString("statusCode", status.StatusCode);
                writer.WriteString("description", status.Description);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Parses one frame from the service (keys case-insensitive); unknown fields are ignored.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out ServerMessage message)
    {
        message = new ServerMessage("", "");
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
            if (!JsonDocument.TryParseValue(ref reader, out var document) || document is null)
            {
                return false;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }
                string? type = null, payload = null, sender = null;
                StatusResponse? status = null;
                foreach (var property in root.EnumerateObject())
                {
                    if (Is(property, "messageType")) type = Text(property.Value);
                    else if (Is(property, "messagePayload")) payload = Text(property.Value);
                    else if (Is(property, "senderClientId")) sender = Text(property.Value);
                    else if (Is(property, "statusResponse") && property.Value.ValueKind == JsonValueKind.Object) status = ParseStatus(property.Value);
                }
                if (type is null)
                {
                    return false;
                }
                message = new ServerMessage(type, payload ?? "", string.IsNullOrEmpty(sender) ? null : sender, status);
                return true;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static StatusResponse ParseStatus(JsonElement element)
    {
        string correlation = "", errorType = "", code = "", description = "";
        foreach (var property in element.EnumerateObject())
        {
            if (Is(property, "correlationId")) correlation = Text(property.Value) ?? "";
            else if (Is(property, "errorType")) errorType = Text(property.Value) ?? "";
            else if (Is(property, "statusCode")) code = Text(property.Value) ?? property.Value.GetRawText();
            else if (Is(property, "description")) description = Text(property.Value) ?? "";
        }
        return new StatusResponse(correlation, errorType, code, description);
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);
}
