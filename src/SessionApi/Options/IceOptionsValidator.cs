using BroadcastOperator.Shared.Turn;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>Refuses at start ICE settings that could only hand out broken or static credentials, naming each.</summary>
public sealed class IceOptionsValidator : IValidateOptions<SessionApiOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionApiOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>What is wrong with the ICE settings, one sentence each; empty when they can be used.</summary>
    public static IEnumerable<string> Problems(SessionApiOptions options)
    {
        var turn = options.Turn;
        foreach (var url in turn.Urls.Where(u => !TurnUri.IsValid(u)))
        {
            yield return $"SessionApi:Turn:Urls entry '{url}' is not a TURN URL like turn:host:3478?transport=udp or turns:host:443?transport=tcp.";
        }
        if (turn.Enabled && !TurnCredentialMinter.IsValidSecret(turn.SharedSecret))
        {
            yield return $"SessionApi:Turn:SharedSecret must be set with SessionApi:Turn:Urls: the TURN server's static-auth-secret, at least {TurnCredentialMinter.MinimumSecretLength} characters without whitespace.";
        }
        foreach (var url in options.IceServers.SelectMany(s => s.Urls).Where(u => !TurnUri.IsStun(u)))
        {
            yield return $"SessionApi:IceServers entry '{url}' is not a stun: URL; a TURN server goes in SessionApi:Turn, which mints its credentials.";
        }
    }
}
