using System.Text.Json.Serialization;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// What a scoped credential allows: one channel, one role, one client id, until a time. It is
/// the JSON inside the session token (short names keep the token small in URLs).
/// </summary>
public sealed record ScopedCredentialClaims(
    [property: JsonPropertyName("arn")] string ChannelArn,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("cid")] string ClientId,
    [property: JsonPropertyName("iat")] long IssuedAtUnixSeconds,
    [property: JsonPropertyName("exp")] long ExpiresAtUnixSeconds,
    [property: JsonPropertyName("jti")] string Nonce)
{
    [JsonIgnore]
    public ChannelRole ChannelRole => Role == ChannelRoleNames.Master ? ChannelRole.Master : ChannelRole.Viewer;

    [JsonIgnore]
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnixSeconds);
}

[JsonSerializable(typeof(ScopedCredentialClaims))]
internal sealed partial class ScopedCredentialJsonContext : JsonSerializerContext;
