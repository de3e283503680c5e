using System.Text;
using System.Text.Json;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>A message received from the signaling service, with its payload already decoded from base64.</summary>
/// <param name="Type">SDP_OFFER, SDP_ANSWER, ICE_CANDIDATE, STATUS_RESPONSE, GO_AWAY, …</param>
/// <param name="SenderClientId">The viewer that sent it; null when the master did.</param>
/// <param name="PayloadJson">The decoded payload (JSON text), or null when there is none or it is not base64.</param>
public sealed record SignalingMessage(string Type, string? SenderClientId, string? PayloadJson, StatusResponse? Status)
{
    public static SignalingMessage From(ServerMessage message)
    {
        string? payload = null;
        if (message.MessagePayload.Length > 0)
        {
            var buffer = new byte[message.MessagePayload.Length];
            if (Convert.TryFromBase64String(message.MessagePayload, buffer, out var written))
            {
                payload = Encoding.UTF8.GetString(buffer, 0, written);
            }
        }
        return new SignalingMessage(message.MessageType, message.SenderClientId, payload, message.StatusResponse);
    }

    /// <summary>The `sdp` of an offer or answer payload (`{"type": "offer", "sdp": "v=0…"}`).</summary>
    public string? Sdp => ReadString("sdp");

    /// <summary>The `candidate` line of an ICE_CANDIDATE payload.</summary>
    public string? Candidate => ReadString("candidate");

    public string? SdpMid => ReadString("sdpMid");

    public int? SdpMLineIndex
    {
        get
        {
            using var document = Parse();
            return document?.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("sdpMLineIndex", out var value) && value.TryGetInt32(out var index)
                ? index
                : null;
        }
    }

    private string? ReadString(string name)
    {
        using var document = Parse();
        return document?.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private JsonDocument? Parse()
    {
        if (PayloadJson is null)
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(PayloadJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
