using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BroadcastOperator.Shared.Signaling;

namespace BroadcastOperator.Shared.Turn;

/// <summary>
/// Mints TURN credentials by the TURN REST scheme (draft-uberti-rtcweb-turn-rest-00), the one coturn checks with
/// `use-auth-secret` + `static-auth-secret` and the one KVS's GetIceServerConfig hands out:
/// username = `&lt;unix expiry&gt;:&lt;clientId&gt;`, password = base64(HMAC-SHA1(secret, username)).
/// The TURN server recomputes the password from the username, so nothing is stored and no call is made; it refuses
/// (401) a username whose expiry has passed or a password that does not match.
/// </summary>
public sealed class TurnCredentialMinter
{
    /// <summary>Shortest shared secret accepted: the secret is all that stands between the relay and anyone.</summary>
    public const int MinimumSecretLength = 32;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    /// <param name="sharedSecret">coturn's `static-auth-secret`, at least <see cref="MinimumSecretLength"/> characters.</param>
    public TurnCredentialMinter(string sharedSecret, TimeProvider? time = null)
    {
        if (!IsValidSecret(sharedSecret))
        {
            throw new ArgumentException($"The TURN shared secret must be at least {MinimumSecretLength} characters without whitespace",
                nameof(sharedSecret));
        }
        _secret = Encoding.UTF8.GetBytes(sharedSecret);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whitespace is refused because the secret travels in a coturn configuration line and a command line.</summary>
    public static bool IsValidSecret(string? secret) =>
        secret is { Length: >= MinimumSecretLength } && !secret.Any(char.IsWhiteSpace);

    /// <summary>A credential for <paramref name="clientId"/>, valid from now for <paramref name="lifetime"/> (whole seconds).</summary>
    /// <exception cref="ArgumentException">A client id outside KVS's rule (it may not hold the ':' separator) or a lifetime under a second.</exception>
    public TurnCredential Mint(string clientId, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return MintExpiringAt(clientId, now + (long)Math.Min(lifetime.TotalSeconds, int.MaxValue), now);
    }

    /// <summary>A credential for <paramref name="clientId"/> that expires in the second <paramref name="expiresAt"/> does (another credential's end).</summary>
    /// <exception cref="ArgumentException">As <see cref="Mint"/>, or <paramref name="expiresAt"/> less than a second away.</exception>
    public TurnCredential MintUntil(string clientId, DateTimeOffset expiresAt) =>
        MintExpiringAt(clientId, expiresAt.ToUnixTimeSeconds(), _time.GetUtcNow().ToUnixTimeSeconds());

    private TurnCredential MintExpiringAt(string clientId, long expires, long now)
    {
        if (!ClientIdRules.IsValid(clientId))
        {
            throw new ArgumentException("Client id must match [a-zA-Z0-9_.-]{1,256} and not start with AWS_", nameof(clientId));
        }
        if (expires - now < 1)
        {
            throw new ArgumentException("A TURN credential must live at least a second");
        }
        var username = expires.ToString(CultureInfo.InvariantCulture) + ":" + clientId;
        return new TurnCredential(username, PasswordFor(username), DateTimeOffset.FromUnixTimeSeconds(expires), (int)(expires - now));
    }

    private string PasswordFor(string username) => Convert.ToBase64String(HMACSHA1.HashData(_secret, Encoding.UTF8.GetBytes(username)));
}
