using System.Globalization;

namespace BroadcastOperator.Shared.Turn;

/// <summary>
/// The TURN URI form of RFC 7065 (which KVS's IceServer `Uris` cite as draft-petithuguenin-behave-turn-uris):
/// <code>
/// turnURI   = scheme ":" host [ ":" port ] [ "?transport=" transport ]
/// scheme    = "turn" / "turns"
/// transport = "udp" / "tcp"
/// </code>
/// e.g. `turn:turn.example.com:3478?transport=udp`, `turns:turn.example.com:443?transport=tcp`, `turn:[2001:db8::1]`.
/// </summary>
public static class TurnUri
{
    /// <summary>A STUN server's URI (RFC 7064), the only other kind an ICE server list holds.</summary>
    public static bool IsStun(string? uri) =>
        uri is not null && (uri.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("stuns:", StringComparison.OrdinalIgnoreCase));

    public static bool IsValid(string? uri)
    {
        if (uri is null)
        {
            return false;
        }
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || uri[..colon] is not ("turn" or "turns"))
        {
            return false;
        }
        var rest = uri[(colon + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            if (rest[(query + 1)..] is not ("transport=udp" or "transport=tcp"))
            {
                return false;
            }
            rest = rest[..query];
        }
        return IsHostAndPort(rest);
    }

    private static bool IsHostAndPort(string authority)
    {
        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }
            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }
                port = after[1..];
            }
            if (Uri.CheckHostName(host) != UriHostNameType.IPv6)
            {
                return false;
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            port = colon < 0 ? null : authority[(colon + 1)..];
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return false;
            }
        }
        return port is null
            || (port.All(char.IsAsciiDigit) && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535);
    }
}
