using BroadcastOperator.Benchmarks.MediaWorker;
using BroadcastOperator.Speech.Engines.Local;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;
using BroadcastOperator.TestSupport.Speech;

namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>
/// The speaker's expression carried into the translated speech (issue 16), through the real pipeline fed in real time
/// (<see cref="ExpressionRoundTrip"/>): the same sentence said slow/quiet/low and fast/loud/high; how much faster, louder
/// and higher the fast take is than the slow one at the source and in the Spanish output (each output take against the
/// flat voice saying the same words, as the recognizer may hear the takes differently). The output carries enough when
/// each of its differences is at least half the source's in the same direction (ratios compared on a log scale).
/// The same takes with expression off, interleaved with the on takes, give the latency baseline of the same run.
/// </summary>
public sealed class ExpressionBenchSuite : IBenchSuite
{
    private const string Sentence = "the next train to the city leaves from platform four";
    private const double LatencyBudgetMs = 500;

    public string Name => "expression";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        var catalog = EngineCatalog.DiscoverInstalled();
        if (!catalog.Serves("en", ExpressionRoundTrip.Target))
        {
            report.Note($"expression: skipped (engines missing; served: {catalog.DescribeServedPairs()})");
            return;
        }

        // EXPRESSION_BENCH_ROUNDS (default 2): slow and fast takes per round, each with expression on and off.
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("EXPRESSION_BENCH_ROUNDS"), out var r) && r > 0 ? r : 2;
        report.Note($"expression: load average {BenchStatistics.LoadAverage()} on {Environment.ProcessorCount} cores; {rounds} rounds");
        await using var recognizer = new PocketSphinxRecognizer();
        await using var translator = new ApertiumTranslator();
        await translator.WarmUpAsync([new LanguagePair("en", ExpressionRoundTrip.Target)], cancellationToken);
        var espeak = new EspeakSynthesizer();

        var on = new ExpressionOptions();
        var off = new ExpressionOptions { Enabled = false };
        var sourceEffects = new List<ProsodyComparison>();
        var outputEffects = new List<ProsodyComparison>();
        var latencies = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var round = 0; round < rounds; round++)
        {
            var takes = new Dictionary<(string Style, bool Expression), ExpressionTake>();
            foreach (var style in new[] { SpeakerStyle.SlowQuietLow, SpeakerStyle.FastLoudHigh })
            {
                foreach (var options in new[] { on, off })
                {
                    var take = await ExpressionRoundTrip.RunAsync(recognizer, translator, espeak, Sentence, style, options, realTime: true,
                        cancellationToken: cancellationToken);
                    takes[(style.Name, options.Enabled)] = take;
                    latencies[options.Enabled].AddRange(take.Latencies.Select(l => l.Total.TotalMilliseconds));
                    report.Note($"expression: round {round + 1} {style.Name} expression {(options.Enabled ? "on" : "off")}: '{take.Translation}', "
                        + $"expression {take.Expression?.Label.ToString() ?? "none"}, output effect {take.OutputEffect?.ToString() ?? "none"}, "
                        + $"latencies {string.Join(", ", take.Latencies.Select(l => $"{l.Total.TotalMilliseconds:0}"))} ms");
                }
            }

            var slow = takes[(SpeakerStyle.SlowQuietLow.Name, true)];
            var fast = takes[(SpeakerStyle.FastLoudHigh.Name, true)];
            sourceEffects.Add(ProsodyComparison.Of(fast.Source, slow.Source));
            if (fast.OutputEffect is { } fastEffect && slow.OutputEffect is { } slowEffect)
            {
                outputEffects.Add(fastEffect.Against(slowEffect));
            }
            else
            {
                report.Note($"expression: round {round + 1}: a take has no translated speech to measure");
            }
        }

        ReportEffects(report, Mean(sourceEffects), outputEffects.Count == 0 ? null : Mean(outputEffects), outputEffects.Count);
        ReportLatency(report, latencies[true], latencies[false]);
    }

    private static void ReportEffects(BenchReport report, ProsodyComparison source, ProsodyComparison? output, int outputRounds)
    {
        report.Figure("expression_rate_ratio_source", source.RateRatio, "x");
        report.Figure("expression_loudness_db_delta_source", source.LoudnessDeltaDb, "dB");
        report.Figure("expression_f0_ratio_source", source.F0Ratio, "x");
        if (output is null)
        {
            report.Note("expression: OVER: no output take to measure");
            return;
        }

        report.Figure("expression_rate_ratio", output.RateRatio, "x");
        report.Figure("expression_loudness_db_delta", output.LoudnessDeltaDb, "dB");
        report.Figure("expression_f0_ratio", output.F0Ratio, "x");
        var verdicts = new[]
        {
            Verdict("rate", Math.Log(output.RateRatio), Math.Log(source.RateRatio)),
            Verdict("loudness", output.LoudnessDeltaDb, source.LoudnessDeltaDb),
            Verdict("F0", Math.Log(output.F0Ratio), Math.Log(source.F0Ratio)),
        };
        report.Note($"expression: fast against slow, mean of {outputRounds} round(s): source {source}, output {output}; {string.Join(", ", verdicts)} "
            + "(target: each output difference >= half the source's, same direction; ratios on a log scale)");
    }

    private static string Verdict(string what, double output, double source) =>
        $"{what} {(!double.IsNaN(output) && output * Math.Sign(source) >= Math.Abs(source) / 2 ? "PASS" : "OVER")} ({output / source:0.00} of the source's)";

    private static void ReportLatency(BenchReport report, List<double> on, List<double> off)
    {
        var p50On = BenchStatistics.Percentile(on, 0.5);
        var p50Off = BenchStatistics.Percentile(off, 0.5);
        report.Figure("expression_translate_latency_p50_ms", p50On, "ms");
        report.Figure("expression_translate_latency_off_p50_ms", p50Off, "ms");
        report.Figure("expression_translate_latency_p95_ms", BenchStatistics.Percentile(on, 0.95), "ms");
        report.Figure("expression_translate_latency_off_p95_ms", BenchStatistics.Percentile(off, 0.95), "ms");
        report.Note($"expression: {(p50On <= LatencyBudgetMs ? "PASS" : "OVER")} translate latency p50 with expression on {p50On:0} ms "
            + $"(budget <= {LatencyBudgetMs}; off {p50Off:0} ms in the same run; {on.Count} and {off.Count} phrases, the pipeline's end of speech → first audio)");
    }

    /// <summary>Mean of several rounds (ratios as geometric means).</summary>
    private static ProsodyComparison Mean(List<ProsodyComparison> effects) => new(
        Math.Exp(effects.Average(e => Math.Log(e.RateRatio))),
        effects.Average(e => e.LoudnessDeltaDb),
        Math.Exp(effects.Average(e => Math.Log(e.F0Ratio))));
}
