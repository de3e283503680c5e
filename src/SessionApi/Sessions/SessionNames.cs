using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Readable session ids, `adjective-noun-number` (blessed-covenant-420): easy to read out to an audience.</summary>
public static partial class SessionNames
{
    private static readonly string[] Adjectives =
    [
        "amber", "ancient", "blessed", "bold", "brave", "bright", "calm", "clever", "cosmic", "crimson", "daring", "eager",
        "gentle", "golden", "grand", "happy", "hidden", "humble", "jolly", "kind", "lively", "lucky", "merry", "mighty",
        "noble", "patient", "proud", "quiet", "rapid", "silver", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise",
        "witty", "young", "zesty",
    ];

    private static readonly string[] Nouns =
    [
        "anchor", "aurora", "beacon", "canyon", "cedar", "comet", "covenant", "delta", "ember", "falcon", "forest", "galaxy",
        "garden", "harbor", "horizon", "island", "lantern", "meadow", "meteor", "mountain", "nebula", "ocean", "orchard",
        "otter", "phoenix", "prairie", "quartz", "river", "sparrow", "summit", "thunder", "tiger", "valley", "voyage", "willow",
        "zephyr", "glacier", "lotus", "marble", "violin",
    ];

    public static string Next() =>
        $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}-{Nouns[RandomNumberGenerator.GetInt32(Nouns.Length)]}-{RandomNumberGenerator.GetInt32(100, 1000)}";

    /// <summary>Checks a path id before it reaches the Kubernetes API (a DNS-1123 name, at most 63 characters).</summary>
    public static bool IsWellFormed(string? id) => id is { Length: > 0 and <= 63 } && Dns1123().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123();
}
