using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Which source → target pairs can be served end to end: the source is recognized, the pair translated and
/// the target spoken. SessionApi and the operator use it to refuse a session nobody can serve, with a message
/// listing what is served.
/// </summary>
public sealed class EngineCatalog
{
    public EngineCatalog(IEnumerable<string> recognizedLanguages, IEnumerable<LanguagePair> translatedPairs, IEnumerable<string> spokenLanguages)
    {
        RecognizedLanguages = recognizedLanguages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        SpokenLanguages = spokenLanguages.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var spoken = SpokenLanguages.ToHashSet(StringComparer.Ordinal);
        var recognized = RecognizedLanguages.ToHashSet(StringComparer.Ordinal);
        ServedPairs = translatedPairs
            .Where(p => recognized.Contains(p.Source) && spoken.Contains(p.Target))
            .Distinct()
            .OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.Target, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<string> RecognizedLanguages { get; }

    public IReadOnlyList<string> SpokenLanguages { get; }

    public IReadOnlyList<LanguagePair> ServedPairs { get; }

    /// <summary>What this machine's Debian packages serve: pocketsphinx models, apertium modes, espeak-ng voices.</summary>
    public static EngineCatalog DiscoverInstalled()
    {
        var recognized = PocketSphinxModel.DebianEnglish.IsInstalled && PocketSphinxNative.IsAvailable()
            ? new[] { PocketSphinxModel.DebianEnglish.Language }
            : [];
        var spoken = EspeakNative.IsAvailable() ? EspeakSynthesizer.DiscoverLanguages() : [];
        return new EngineCatalog(recognized, ApertiumMode.Discover().Select(m => m.Pair), spoken);
    }

    /// <summary>True when <paramref name="target"/> is the source itself (forwarded untouched) or a served pair.</summary>
    public bool Serves(string source, string target) =>
        string.Equals(source, target, StringComparison.Ordinal) || ServedPairs.Contains(new LanguagePair(source, target));

    /// <summary>Throws <see cref="UnservedLanguageException"/> naming the served pairs when any target is not served.</summary>
    public void EnsureServed(string source, IEnumerable<string> targets)
    {
        var missing = targets.Where(t => !Serves(source, t)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        var asked = string.Join(", ", missing.Select(t => $"{source}->{t}"));
        throw new UnservedLanguageException(
            $"No engine serves {asked}. Served pairs: {DescribeServedPairs()}.", ServedPairs);
    }

    public string DescribeServedPairs() =>
        ServedPairs.Count == 0 ? "none" : string.Join(", ", ServedPairs.Select(p => p.ToString()));
}
