using BroadcastOperator.Shared.Turn;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.Signaling.Options;

/// <summary>Refuses at start ICE settings that could only hand out broken or static credentials, naming each.</summary>
public sealed class IceOptionsValidator : IValidateOptions<SignalingOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalingOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>What is wrong with the ICE settings, one sentence each; empty when they can be used.</summary>
    public static IEnumerable<string> Problems(SignalingOptions options)
    {
        var turn = options.Turn;
        foreach (var uri in turn.Uris.Where(u => !TurnUri.IsValid(u)))
        {
            yield return $"Signaling:Turn:Uris entry '{uri}' is not a TURN URI like turn:host:3478?transport=udp or turns:host:443?transport=tcp.";
        }
        if (turn.Enabled && !TurnCredentialMinter.IsValidSecret(turn.SharedSecret))
        {
            yield return $"Signaling:Turn:SharedSecret must be set with Signaling:Turn:Uris: the TURN server's static-auth-secret, at least {TurnCredentialMinter.MinimumSecretLength} characters without whitespace.";
        }
        foreach (var uri in options.IceServers.SelectMany(s => s.Uris).Where(u => !TurnUri.IsStun(u)))
        {
            yield return $"Signaling:IceServers entry '{uri}' is not a stun: URI; a TURN server goes in Signaling:Turn, which mints its credentials.";
        }
    }
}
