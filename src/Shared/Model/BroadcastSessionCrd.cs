using System.Text.Json.Nodes;

namespace BroadcastOperator.Shared.Model;

/// <summary>The CRD of <see cref="BroadcastSession"/>, built from the C# types.</summary>
public static class BroadcastSessionCrd
{
    public const string Name = BroadcastSession.Plural + "." + BroadcastSession.Group;
    public const string FileName = "broadcast.dev_broadcastsessions.yaml";

    public static JsonObject Build() =>
        CrdBuilder.Build<BroadcastSession>(BroadcastSession.Group, BroadcastSession.Version, BroadcastSession.KindName);
}
