namespace BroadcastOperator.WebRtc.Sdp;

/// <summary>Attribute lookups over a section's lines.</summary>
public static class SdpLineList
{
    public static string? GetAttribute(this IEnumerable<SdpLine> lines, string name) =>
        lines.FirstOrDefault(l => l.AttributeName == name) is { } line ? line.AttributeValue ?? string.Empty : null;

    public static IEnumerable<string> GetAttributes(this IEnumerable<SdpLine> lines, string name) =>
        lines.Where(l => l.AttributeName == name).Select(l => l.AttributeValue ?? string.Empty);

    public static bool HasAttribute(this IEnumerable<SdpLine> lines, string name) => lines.Any(l => l.AttributeName == name);
}
