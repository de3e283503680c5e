using System.Text.Json;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// A message a client sends on the signaling WebSocket:
/// <code>{"action": "SDP_OFFER|SDP_ANSWER|ICE_CANDIDATE", "messagePayload": base64(JSON),
///  "recipientClientId": "viewer-1", "correlationId": "c-1"}</code>
/// Keys are matched case-insensitively (the KVS C SDK capitalises them).
/// </summary>
public sealed record ClientMessage(string Action, string MessagePayload, string? RecipientClientId, string? CorrelationId)
{
    /// <summary>Parses one text frame. On failure <paramref name="error"/> says why, and any correlation id found is kept.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out ClientMessage message, out string error)
    {
        message = new ClientMessage("", "", null, null);
        try
        {
            return TryParseDocument(utf8Json, ref message, out error);
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string surfaces only when the string is read.
            error = "Message is not valid UTF-8 JSON";
            return false;
        }
    }

    private static bool TryParseDocument(ReadOnlySpan<byte> utf8Json, ref ClientMessage message, out string error)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed) || parsed is null)
            {
                error = "Message is not valid JSON";
                return false;
            }
            document = parsed;
        }
        catch (JsonException)
        {
            error = "Message is not valid JSON";
            return false;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "Message must be a JSON object";
                return false;
            }
            string? action = null, payload = null, recipient = null, correlation = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                if (Is(property, "action")) action = value;
                else if (Is(property, "messagePayload")) payload = value;
                else if (Is(property, "recipientClientId")) recipient = value;
                else if (Is(property, "correlationId")) correlation = value;
            }
            message = new ClientMessage(action ?? "", payload ?? "", NullIfEmpty(recipient), NullIfEmpty(correlation));
            error = action is null ? "Message has no action" : payload is null ? "Message has no messagePayload" : "";
            return error.Length == 0;
        }
    }

    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("action", Action);
            writer.WriteString("messagePayload", MessagePayload);
            if (RecipientClientId is not null) writer.WriteString("recipientClientId", RecipientClientId);
            if (CorrelationId is not null) writer.WriteString("correlationId", CorrelationId);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool Is(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
