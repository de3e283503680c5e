using System.Diagnostics;

namespace BroadcastOperator.Benchmarks.MediaWorker;

/// <summary>
/// Per language, what each phrase's translation measured: a latency sample, missing (nothing heard in time),
/// or not attributable to its phrase (cut in two by the worker, or right after a missing one, whose late
/// audio could be taken for this phrase's). The first phrase is the cold one and reported on its own.
/// </summary>
internal sealed class TranslationLedger(IEnumerable<string> languages)
{
    private readonly Dictionary<string, List<double>> _latencies = languages.ToDictionary(l => l, _ => new List<double>(), StringComparer.Ordinal);
    private readonly Dictionary<string, int> _missing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _previousMissing = new(StringComparer.Ordinal);
    private int _excluded;

    public IReadOnlyDictionary<string, List<double>> Latencies => _latencies;

    /// <summary>The cold phrase's latency per language (null: nothing heard in time).</summary>
    public Dictionary<string, double?> Cold { get; } = new(StringComparer.Ordinal);

    /// <param name="firstAudio">Stopwatch timestamp of the first translated audio after the end of speech; 0 when none came.</param>
    public void Record(int phrase, string language, long endOfSpeech, long firstAudio, bool cut)
    {
        var afterMissing = _previousMissing.Contains(language);
        if (firstAudio == 0)
        {
            _missing[language] = _missing.GetValueOrDefault(language) + 1;
            _previousMissing.Add(language);
        }
        else
        {
            _previousMissing.Remove(language);
        }

        double? milliseconds = firstAudio == 0 ? null : Stopwatch.GetElapsedTime(endOfSpeech, firstAudio).TotalMilliseconds;
        if (phrase == 0)
        {
            Cold[language] = milliseconds;
        }
        else if (milliseconds is { } measured)
        {
            if (cut || afterMissing)
            {
                _excluded++;
            }
            else
            {
                _latencies[language].Add(measured);
            }
        }
    }

    public string Describe(TimeSpan giveUp) =>
        $"measured {string.Join(", ", _latencies.Select(l => $"{l.Key} {l.Value.Count}"))}; " +
        $"no translation within {giveUp.TotalSeconds} s: {string.Join(", ", _latencies.Keys.Select(l => $"{l} {_missing.GetValueOrDefault(l)}"))}; " +
        $"not attributable to their phrase {_excluded}";
}
