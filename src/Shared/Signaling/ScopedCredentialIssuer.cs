using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// Mints short-lived signaling credentials scoped to one channel, one role and one client id:
/// the embedded analogue of STS AssumeRole with a session policy. Signaling verifies them with
/// <see cref="ScopedCredentialVerifier"/> and the same root key, with no call back to the issuer.
/// <para>
/// Session token = base64url(JSON claims) "." base64url(HMAC-SHA256(root, "token\n" + claims part)).
/// Access key id = "ASIA" + base32(HMAC(root, "access-key-id\n" + token)) and secret =
/// base64(HMAC(root, "secret-access-key\n" + token)): both follow from the token, so editing the
/// token to widen its scope breaks its signature and changes the key the request must be signed with.
/// </para>
/// </summary>
public sealed class ScopedCredentialIssuer
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    private readonly byte[] _rootKey;
    private readonly TimeProvider _time;

    /// <param name="rootKey">The shared secret from configuration (at least 32 bytes of UTF-8).</param>
    public ScopedCredentialIssuer(string rootKey, TimeProvider? time = null)
    {
        _rootKey = RootKeyBytes(rootKey);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Mints a credential for <paramref name="clientId"/> acting as <paramref name="role"/> on one channel.</summary>
    /// <exception cref="ArgumentException">Bad ARN, client id or lifetime.</exception>
    public ScopedCredential Issue(string channelArn, ChannelRole role, string clientId, TimeSpan? lifetime = null)
    {
        if (!ChannelArn.TryParse(channelArn, out _))
        {
            throw new ArgumentException($"'{channelArn}' is not a KVS signaling channel ARN", nameof(channelArn));
        }
        if (!ClientIdRules.IsValid(clientId))
        {
            throw new ArgumentException("Client id must match [a-zA-Z0-9_.-]{1,256} and not start with AWS_", nameof(clientId));
        }
        var validFor = lifetime ?? DefaultLifetime;
        if (validFor <= TimeSpan.Zero || validFor > MaxLifetime)
        {
            throw new ArgumentException($"Lifetime must be positive and at most {MaxLifetime}", nameof(lifetime));
        }
        var now = _time.GetUtcNow();
        var expires = now + validFor;
        var claims = new ScopedCredentialClaims(channelArn, role.ToWire(), clientId, now.ToUnixTimeSeconds(),
            expires.ToUnixTimeSeconds(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var encodedClaims = ScopedCredentialKeys.Base64Url(
            JsonSerializer.SerializeToUtf8Bytes(claims, ScopedCredentialJsonContext.Default.ScopedCredentialClaims));
        var token = encodedClaims + "." + ScopedCredentialKeys.Base64Url(ScopedCredentialKeys.TokenSignature(_rootKey, encodedClaims));
        return new ScopedCredential(ScopedCredentialKeys.AccessKeyId(_rootKey, token),
            ScopedCredentialKeys.SecretAccessKey(_rootKey, token), token, DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAtUnixSeconds),
            claims);
    }

    internal static byte[] RootKeyBytes(string rootKey)
    {
        var bytes = Encoding.UTF8.GetBytes(rootKey ?? "");
        if (bytes.Length < ScopedCredentialKeys.MinimumRootKeyBytes)
        {
            throw new ArgumentException($"The scoped-credential root key must be at least {ScopedCredentialKeys.MinimumRootKeyBytes} bytes",
                nameof(rootKey));
        }
        return bytes;
    }
}
