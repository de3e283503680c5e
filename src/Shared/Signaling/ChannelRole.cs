namespace BroadcastOperator.Shared.Signaling;

/// <summary>KVS channel roles: one MASTER per channel, many VIEWERs.</summary>
public enum ChannelRole
{
    Master,
    Viewer,
}

public static class ChannelRoleNames
{
    public const string Master = "MASTER";
    public const string Viewer = "VIEWER";

    public static string ToWire(this ChannelRole role) => role == ChannelRole.Master ? Master : Viewer;

    public static bool TryParse(string? text, out ChannelRole role)
    {
        role = ChannelRole.Viewer;
        switch (text)
        {
            case Master: role = ChannelRole.Master; return true;
            case Viewer: return true;
            default: return false;
        }
    }
}
