using BroadcastOperator.Speech.Model;
using BroadcastOperator.Speech.Stages;

namespace BroadcastOperator.Speech.Engines.Local;

/// <summary>
/// Machine translation through the installed apertium pairs, one persistent null-flush pipeline per pair,
/// started on first use. Different pairs translate in parallel; one pair serves one request at a time.
/// </summary>
public sealed class ApertiumTranslator : ITranslator, IAsyncDisposable
{
    private readonly Dictionary<LanguagePair, ApertiumMode> _modes;
    private readonly Dictionary<LanguagePair, ApertiumProcess> _processes = [];
    private readonly object _gate = new();

    public ApertiumTranslator(IEnumerable<ApertiumMode>? modes = null)
    {
        _modes = [];
        foreach (var mode in modes ?? ApertiumMode.Discover())
        {
            _modes.TryAdd(mode.Pair, mode);
        }
    }

    public IReadOnlyCollection<LanguagePair> Pairs => _modes.Keys;

    public Task<string> TranslateAsync(string text, LanguagePair pair, CancellationToken cancellationToken)
    {
        if (!_modes.TryGetValue(pair, out var mode))
        {
            var served = string.Join(", ", _modes.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal));
            throw new UnservedLanguageException($"apertium does not translate {pair}; installed pairs: {served}.", [.. _modes.Keys]);
        }

        ApertiumProcess process;
        lock (_gate)
        {
            if (!_processes.TryGetValue(pair, out process!))
            {
                process = new ApertiumProcess(mode);
                _processes[pair] = process;
            }
        }

        return process.TranslateAsync(text, cancellationToken);
    }

    /// <summary>Starts the pipelines of <paramref name="pairs"/> now, so the first phrase does not pay for loading.</summary>
    public async Task WarmUpAsync(IEnumerable<LanguagePair> pairs, CancellationToken cancellationToken)
    {
        await Task.WhenAll(pairs.Where(_modes.ContainsKey).Select(p => TranslateAsync("hello", p, cancellationToken))).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => StopPipelinesAsync();

    /// <summary>Stops every running pipeline (their models free their memory); the next request starts its pair again.</summary>
    public async ValueTask StopPipelinesAsync()
    {
        List<ApertiumProcess> processes;
        lock (_gate)
        {
            processes = [.. _processes.Values];
            _processes.Clear();
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
