using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BroadcastOperator.SessionApi.Options;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BroadcastOperator.SessionApi.Captions;

/// <summary>
/// Signed, expiring permission to read one language's captions of one session. Browsers open captions with
/// EventSource, which cannot send an Authorization header, so the join (which checked the caller) hands out a
/// ticket in the URL instead of the caller's token: it names no one and opens nothing but those captions.
/// </summary>
public sealed class CaptionTickets
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public CaptionTickets(IOptions<SessionApiOptions> options, TimeProvider time)
    {
        var configured = options.Value.CaptionTicketKey;
        // Without a configured key each process has its own: right for one replica; several replicas need a shared key.
        _key = configured.Length > 0 ? Encoding.UTF8.GetBytes(configured) : RandomNumberGenerator.GetBytes(32);
        _time = time;
        _lifetime = TimeSpan.FromSeconds(options.Value.CaptionTicketLifetimeSeconds);
    }

    public CaptionTicket Issue(string session, string language)
    {
        var expires = _time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        return new CaptionTicket(expires, Sign(session, language, expires));
    }

    /// <summary>True when the signature is ours for exactly this session and language, and not expired.</summary>
    public bool IsValid(string session, string language, long expires, string? signature)
    {
        if (signature is null || expires < _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }
        byte[] presented;
        try
        {
            presented = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = WebEncoders.Base64UrlDecode(Sign(session, language, expires));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    private string Sign(string session, string language, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Join('\n', "captions", session, language, expires.ToString(CultureInfo.InvariantCulture)));
        return WebEncoders.Base64UrlEncode(HMACSHA256.HashData(_key, message));
    }
}

public readonly record struct CaptionTicket(long Expires, string Signature);
