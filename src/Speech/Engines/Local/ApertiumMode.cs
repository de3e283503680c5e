using System.Text.RegularExpressions;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// One installed apertium translation mode (a file like /usr/share/apertium/modes/eng-spa.mode holding a shell
/// pipeline). Only plain "xxx-yyy" modes count as pairs; variants such as eng-cat_valencia are skipped.
/// </summary>
public sealed partial record ApertiumMode(string Name, LanguagePair Pair, string Pipeline)
{
    public const string DebianModesDir = "/usr/share/apertium/modes";

    public static IReadOnlyList<ApertiumMode> Discover(string modesDir = DebianModesDir)
    {
        if (!Directory.Exists(modesDir))
        {
            return [];
        }

        var modes = new List<ApertiumMode>();
        foreach (var file in Directory.EnumerateFiles(modesDir, "*.mode").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var match = PairName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var pair = new LanguagePair(
                LanguageCodes.FromApertium(match.Groups[1].Value),
                LanguageCodes.FromApertium(match.Groups[2].Value));
            modes.Add(new ApertiumMode(name, pair, File.ReadAllText(file).Trim()));
        }

        return modes;
    }

    /// <summary>
    /// The mode's pipeline with every program told to flush on NUL (-z), so one long-lived pipeline answers
    /// request after request. $1 (generator) is -n: no unknown-word marks, which a listener would hear read out.
    /// </summary>
    public string NullFlushPipeline()
    {
        var stages = Pipeline.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var flushed = stages.Select(stage =>
        {
            var withArgs = stage.Replace("$1", "-n", StringComparison.Ordinal).Replace("$2", "", StringComparison.Ordinal);
            var space = withArgs.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? withArgs + " -z" : withArgs[..space] + " -z" + withArgs[space..];
        });
        return string.Join(" | ", flushed);
    }

    [GeneratedRegex("^([a-z]{2,3})-([a-z]{2,3})$")]
    private static partial Regex PairName();
}
