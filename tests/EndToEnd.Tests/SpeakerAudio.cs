namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>
/// The speaker's fake microphone: the librivox utterances of pocketsphinx-testdata (real recorded speech) joined
/// with pauses so each is a phrase, resampled to 48 kHz with sox. Chromium loops the file.
/// </summary>
internal sealed class SpeakerAudio
{
    public const string LibrivoxDirectory = "/usr/share/pocketsphinx/test/data/librivox";
    public const int SampleRate = 48000;
    public const int EnvelopeFrame = 960; // 20 ms

    private SpeakerAudio(string path, IReadOnlyList<string> transcript)
    {
        Path = path;
        TranscriptWords = transcript;
    }

    public string Path { get; }

    /// <summary>Every word the reader says, from the recordings' transcripts.</summary>
    public IReadOnlyList<string> TranscriptWords { get; }

    public static async Task<SpeakerAudio> CreateAsync(string directory)
    {
        var utterances = Directory.GetFiles(LibrivoxDirectory, "*.wav").Order(StringComparer.Ordinal).ToList();
        var pause = System.IO.Path.Combine(directory, "pause.wav");
        var path = System.IO.Path.Combine(directory, "speaker.wav");
        await Require(await Tool.RunAsync("sox", ["-n", "-r", "16000", "-c", "1", "-b", "16", pause, "trim", "0", "1.2"]));
        await Require(await Tool.RunAsync("sox", [.. utterances.SelectMany(u => new[] { u, pause }), path, "rate", "-v", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        var transcript = (await File.ReadAllLinesAsync(System.IO.Path.Combine(LibrivoxDirectory, "transcription")))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(word => !word.StartsWith('<') && !word.StartsWith('('))
            .ToList();
        return new SpeakerAudio(path, transcript);
    }

    private static Task Require(ToolResult result) =>
        result.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException($"sox failed: {result.Stderr}");
}
