using System.Security.Cryptography;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>An ICE username fragment and password (RFC 8445 §5.3: ufrag ≥ 4 and pwd ≥ 22 characters of ice-char).</summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Generate() => new(RandomIceString(8), RandomIceString(24));

    /// <summary>The STUN key for short-term credentials: the password's UTF-8 bytes.</summary>
    public byte[] Key => System.Text.Encoding.UTF8.GetBytes(Password);

    /// <summary>USERNAME of a check sent to the peer whose ufrag is <paramref name="remoteUfrag"/>: "remote:local".</summary>
    public string UsernameForCheckTo(string remoteUfrag) => $"{remoteUfrag}:{Ufrag}";

    /// <summary>Splits a received USERNAME into (receiver's ufrag, sender's ufrag).</summary>
    public static bool TrySplitUsername(string? username, out string receiver, out string sender)
    {
        receiver = sender = string.Empty;
        var colon = username?.IndexOf(':') ?? -1;
        if (colon <= 0 || colon == username!.Length - 1)
        {
            return false;
        }

        receiver = username[..colon];
        sender = username[(colon + 1)..];
        return true;
    }

    private static string RandomIceString(int length) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = IceChars[RandomNumberGenerator.GetInt32(IceChars.Length)];
            }
        });
}
