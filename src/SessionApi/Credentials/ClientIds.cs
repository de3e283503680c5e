using System.Security.Cryptography;
using BroadcastOperator.SessionApi.Auth;

namespace BroadcastOperator.SessionApi.Credentials;

/// <summary>
/// Signaling client ids bound to the caller: derived from a hash of the subject (never the subject itself), plus a
/// random part for listeners so two tabs of one user do not replace each other's connection.
/// </summary>
public static class ClientIds
{
    public static string ForSpeaker(string subject) => "speaker-" + CallerIdentity.HashOf(subject)[..16];

    public static string ForListener(CallerIdentity caller) =>
        caller.Subject is { } subject
            ? $"listener-{CallerIdentity.HashOf(subject)[..16]}-{RandomHex(4)}"
            : $"anonymous-{RandomHex(8)}";

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
