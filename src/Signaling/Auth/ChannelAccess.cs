using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Signaling.Auth;

/// <summary>What a caller may do: the operator everything, a scoped credential only its channel and role.</summary>
public static class ChannelAccess
{
    /// <summary>Create, list, delete, update, tag: operator only.</summary>
    public static bool CanAdminister(object? caller) => caller is OperatorPrincipal;

    /// <summary>Describe, get endpoints, get ICE servers of one channel.</summary>
    public static bool CanUse(object? caller, string channelArn) => caller switch
    {
        OperatorPrincipal => true,
        ScopedCredentialClaims claims => string.Equals(claims.ChannelArn, channelArn, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Connect to the channel as <paramref name="role"/> with <paramref name="clientId"/> (null for the master).</summary>
    public static bool CanConnect(object? caller, string channelArn, ChannelRole role, string? clientId) => caller switch
    {
        OperatorPrincipal => true,
        ScopedCredentialClaims claims => string.Equals(claims.ChannelArn, channelArn, StringComparison.Ordinal)
            && claims.ChannelRole == role
            && (role == ChannelRole.Master || string.Equals(claims.ClientId, clientId, StringComparison.Ordinal)),
        _ => false,
    };
}
