using System.Globalization;

namespace BroadcastOperator.Shared.Signaling;

/// <summary>
/// A KVS signaling channel ARN: `arn:aws:kinesisvideo:REGION:ACCOUNT:channel/NAME/CREATIONMILLIS`.
/// </summary>
public sealed record ChannelArn(string Partition, string Region, string Account, string ChannelName, long CreationMillis)
{
    /// <summary>KVS's channel name rule: `[a-zA-Z0-9_.-]+`, 1..256 characters.</summary>
    public static bool IsValidChannelName(string? name) =>
        name is { Length: > 0 and <= 256 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public override string ToString() =>
        $"arn:{Partition}:kinesisvideo:{Region}:{Account}:channel/{ChannelName}/{CreationMillis.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string? text, out ChannelArn arn)
    {
        arn = null!;
        if (text is null || text.Length > 1024)
        {
            return false;
        }
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2] != "kinesisvideo"
            || parts[3].Length == 0 || parts[4].Length == 0)
        {
            return false;
        }
        var resource = parts[5].Split('/');
        if (resource.Length != 3 || resource[0] != "channel" || !IsValidChannelName(resource[1])
            || !long.TryParse(resource[2], NumberStyles.None, CultureInfo.InvariantCulture, out var millis))
        {
            return false;
        }
        arn = new ChannelArn(parts[1], parts[3], parts[4], resource[1], millis);
        return true;
    }
}
