using System.Text;

namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>
/// An SDP (RFC 8866): session-level lines, then media sections, each kept in order so that
/// parse → write reproduces the text (with CRLF line ends).
/// </summary>
public sealed class SessionDescription
{
    public List<SdpLine> Lines { get; init; } = [];

    public List<MediaDescription> Media { get; init; } = [];

    public bool IsIceLite => Lines.HasAttribute("ice-lite");

    /// <summary>An attribute of the media section, falling back to the session level (ice-ufrag, fingerprint, setup...).</summary>
    public string? GetAttribute(MediaDescription media, string name) => media.Lines.GetAttribute(name) ?? Lines.GetAttribute(name);

    public static bool TryParse(string text, out SessionDescription description, out string error)
    {
        description = new SessionDescription();
        error = string.Empty;
        MediaDescription? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                error = $"line {lineNumber}: expected '<letter>=<value>', got '{Truncate(line)}'";
                return false;
            }

            var type = line[0];
            var value = line[2..];
            if (description.Lines.Count == 0 && current is null && type != 'v')
            {
                error = "an SDP starts with 'v='";
                return false;
            }

            if (type == 'm')
            {
                if (!MediaDescription.TryParseMediaLine(value, out var media))
                {
                    error = $"line {lineNumber}: bad media line '{Truncate(line)}'";
                    return false;
                }

                description.Media.Add(media);
                current = media;
                continue;
            }

            (current?.Lines ?? description.Lines).Add(new SdpLine(type, value));
        }

        if (description.Lines.Count == 0)
        {
            error = "empty SDP";
            return false;
        }

        return true;
    }

    public static SessionDescription Parse(string text) =>
        TryParse(text, out var description, out var error) ? description : throw new FormatException("Invalid SDP: " + error);

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var line in Lines)
        {
            builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
        }

        foreach (var media in Media)
        {
            builder.Append("m=").Append(media.MediaLineValue).Append("\r\n");
            foreach (var line in media.Lines)
            {
                builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
            }
        }

        return builder.ToString();
    }

    private static string Truncate(string line) => line.Length <= 40 ? line : line[..40] + "…";
}
