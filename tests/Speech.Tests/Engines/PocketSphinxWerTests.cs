using System.Diagnostics;
using BroadcastOperator.Speech.Pipeline;
using BroadcastOperator.Speech.Tests.Support;
using Xunit.Abstractions;

namespace BroadcastOperator.Speech.Tests.Engines;

[Collection(LocalEnginesCollection.Name)]
public class PocketSphinxWerTests(LocalEnginesFixture engines, ITestOutputHelper output)
{
    private const int Files = 3;

    [SkippableFact]
    public async Task Streaming_recognition_of_librivox_is_within_two_points_of_the_pocketsphinx_command()
    {
        Skip.If(engines.Missing is not null, engines.Missing);
        Skip.IfNot(Librivox.IsInstalled, "pocketsphinx-testdata is not installed");
        Skip.If(FindOnPath("pocketsphinx_continuous") is null, "pocketsphinx_continuous is not installed");

        // The shortest utterances keep the test well under a minute on a shared machine; the bench uses all of them.
        var utterances = Librivox.Utterances().OrderBy(u => new FileInfo(u.Wav).Length).Take(Files).ToArray();
        var baselines = utterances.Select(u => RunPocketSphinxContinuousAsync(u.Wav)).ToArray(); // in parallel with ours
        int referenceWords = 0, ourErrors = 0, baselineErrors = 0;
        for (var i = 0; i < utterances.Length; i++)
        {
            var (wav, reference) = utterances[i];
            var (samples, rate) = WavFile.Read(wav);
            Assert.Equal(16000, rate);
            var audio = Signals.Concat(samples, Signals.Silence(TimeSpan.FromSeconds(1)));
            var options = new SpeechPipelineOptions { SourceLanguage = "en", TargetLanguages = [] };
            var result = await PipelineRunner.RunAsync(options, engines.Engines, audio, TimeSpan.FromMinutes(5));
            var ours = result.FinalText("en");
            var baseline = await baselines[i];

            var words = WordErrorRate.Words(reference);
            referenceWords += words.Length;
            ourErrors += WordErrorRate.Errors(words, WordErrorRate.Words(ours));
            baselineErrors += WordErrorRate.Errors(words, WordErrorRate.Words(baseline));
            output.WriteLine($"{Path.GetFileName(wav)}\n  ref:  {reference}\n  ours: {ours}\n  cli:  {baseline}");
        }

        var ourWer = 100.0 * ourErrors / referenceWords;
        var baselineWer = 100.0 * baselineErrors / referenceWords;
        output.WriteLine($"WER ours {ourWer:0.0} %, pocketsphinx_continuous {baselineWer:0.0} % over {referenceWords} words");
        Assert.True(ourWer <= baselineWer + 2, $"streaming WER {ourWer:0.0} % is worse than the CLI's {baselineWer:0.0} % by more than 2 points");
    }

    internal static async Task<string> RunPocketSphinxContinuousAsync(string wav)
    {
        var start = new ProcessStartInfo("pocketsphinx_continuous") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-infile", wav, "-logfn", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return string.Join(' ', (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    internal static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
