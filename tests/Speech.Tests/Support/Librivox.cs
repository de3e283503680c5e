using System.Text.RegularExpressions;

namespace BroadcastOperator.Speech.Tests.Support;

/// <summary>The pocketsphinx-testdata librivox utterances and their reference transcripts.</summary>
public static partial class Librivox
{
    public const string Directory = "/usr/share/pocketsphinx/test/data/librivox";

    public static bool IsInstalled => File.Exists(Path.Combine(Directory, "transcription"));

    public static IReadOnlyList<(string Wav, string Reference)> Utterances()
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "transcription"));
        return lines
            .Select(line => TranscriptLine().Match(line))
            .Where(m => m.Success)
            .Select(m => (Path.Combine(Directory, m.Groups[2].Value + ".wav"), m.Groups[1].Value.Trim()))
            .Where(u => File.Exists(u.Item1))
            .ToArray();
    }

    [GeneratedRegex(@"^<s>(.*)</s>\s*\(([^)]+)\)")]
    private static partial Regex TranscriptLine();
}
