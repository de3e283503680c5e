using System.Globalization;
using System.Net;
using System.Text;

namespace BroadcastOperator.WebRtc.Ice;

/// <summary>
/// An ICE candidate as carried in SDP (RFC 8839 §5.1):
/// <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr .. rport ..] *(name value)</c>.
/// The address may be an mDNS name, so it is kept as text.
/// </summary>
public sealed record IceCandidate(
    string Foundation, int Component, string Transport, uint Priority, string Address, int Port, string Type,
    IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    /// <summary>A host UDP candidate for RTP (component 1) with the RFC 8445 §5.1.2 priority for host type.</summary>
    public static IceCandidate Host(IPEndPoint endPoint, string foundation = "1", int localPreference = 65535) =>
        new(foundation, 1, "udp", ComputePriority(126, localPreference, 1), endPoint.Address.ToString(), endPoint.Port, "host", []);

    /// <summary>priority = 2^24 × type preference + 2^8 × local preference + (256 − component).</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component) =>
        (uint)((typePreference << 24) + (localPreference << 8) + (256 - component));

    public bool IsUdp => Transport.Equals("udp", StringComparison.OrdinalIgnoreCase);

    public IPEndPoint? TryGetEndPoint() => IPAddress.TryParse(Address, out var address) ? new IPEndPoint(address, Port) : null;

    /// <summary>Parses the value of <c>a=candidate:</c> (with or without the "candidate:" prefix).</summary>
    public static bool TryParse(string text, out IceCandidate candidate)
    {
        candidate = null!;
        if (text.StartsWith("candidate:", StringComparison.Ordinal))
        {
            text = text["candidate:".Length..];
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || parts[6] != "typ" || (parts.Length - 8) % 2 != 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256
            || !uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < parts.Length; i += 2)
        {
            extensions.Add(new(parts[i], parts[i + 1]));
        }

        candidate = new IceCandidate(parts[0], component, parts[2], priority, parts[4], port, parts[7], extensions);
        return true;
    }

    /// <summary>The attribute value, starting "candidate:".</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(FormattableString.Invariant($"candidate:{Foundation} {Component} {Transport} {Priority} {Address} {Port} typ {Type}"));
        foreach (var (name, value) in Extensions)
        {
            builder.Append(' ').Append(name).Append(' ').Append(value);
        }

        return builder.ToString();
    }

    public bool Equals(IceCandidate? other) => other is not null && other.ToString() == ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
