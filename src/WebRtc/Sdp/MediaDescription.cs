namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>
/// One media section: the <c>m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt; ...</c> line and the lines after it, in order.
/// </summary>
public sealed class MediaDescription
{
    public required string Media { get; set; }

    public required int Port { get; set; }

    /// <summary>Kept as text so a port count (<c>9/2</c>) round-trips.</summary>
    public string? PortCount { get; set; }

    public required string Protocol { get; set; }

    public List<string> Formats { get; init; } = [];

    public List<SdpLine> Lines { get; init; } = [];

    public string? Mid => Lines.GetAttribute("mid");

    public MediaDirection Direction =>
        Lines.FirstOrDefault(l => l.AttributeName is "sendrecv" or "sendonly" or "recvonly" or "inactive")?.AttributeName switch
        {
            "sendonly" => MediaDirection.SendOnly,
            "recvonly" => MediaDirection.RecvOnly,
            "inactive" => MediaDirection.Inactive,
            _ => MediaDirection.SendRecv,
        };

    /// <summary>Payload type of the first <c>a=rtpmap</c> whose encoding matches (case-insensitive), e.g. "opus/48000/2".</summary>
    public int? FindPayloadType(string encodingName, int clockRate)
    {
        foreach (var map in Lines.GetAttributes("rtpmap"))
        {
            var space = map.IndexOf(' ');
            if (space <= 0 || !int.TryParse(map.AsSpan(0, space), out var pt))
            {
                continue;
            }

            var encoding = map[(space + 1)..].Split('/');
            if (encoding.Length >= 2 && encoding[0].Equals(encodingName, StringComparison.OrdinalIgnoreCase)
                && int.TryParse(encoding[1], out var rate) && rate == clockRate && Formats.Contains(pt.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return pt;
            }
        }

        return null;
    }

    public string MediaLineValue => $"{Media} {Port}{(PortCount is null ? string.Empty : "/" + PortCount)} {Protocol}{(Formats.Count > 0 ? " " + string.Join(' ', Formats) : string.Empty)}";

    internal static bool TryParseMediaLine(string value, out MediaDescription media)
    {
        media = null!;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return false;
        }

        var portText = parts[1].Split('/');
        if (portText.Length > 2 || !int.TryParse(portText[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        media = new MediaDescription
        {
            Media = parts[0],
            Port = port,
            PortCount = portText.Length == 2 ? portText[1] : null,
            Protocol = parts[2],
            Formats = [.. parts.Skip(3)],
        };
        return true;
    }
}
