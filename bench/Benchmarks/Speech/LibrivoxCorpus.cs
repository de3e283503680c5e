using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BroadcastOperator.Benchmarks.Speech;

/// <summary>The pocketsphinx-testdata librivox utterances with transcripts, and the pocketsphinx CLI's result on them.</summary>
internal static partial class LibrivoxCorpus
{
    public const string Directory = "/usr/share/pocketsphinx/test/data/librivox";

    public static IReadOnlyList<(string Wav, string Reference, short[] Samples)> Load()
    {
        var transcript = Path.Combine(Directory, "transcription");
        if (!File.Exists(transcript))
        {
            return [];
        }

        return File.ReadAllLines(transcript)
            .Select(line => Line().Match(line))
            .Where(m => m.Success)
            .Select(m => (Wav: Path.Combine(Directory, m.Groups[2].Value + ".wav"), Reference: m.Groups[1].Value.Trim()))
            .Where(u => File.Exists(u.Wav))
            .Select(u => (u.Wav, u.Reference, ReadWav16k(u.Wav)))
            .ToArray();
    }

    public static async Task<string> PocketSphinxContinuousAsync(string wav, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("pocketsphinx_continuous") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-infile", wav, "-logfn", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return string.Join(' ', (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>
    /// Word errors of the final source captions against each utterance's transcript: an utterance gets the captions
    /// that overlap its span of the stream (up to 1 s after it, where a phrase closes).
    /// </summary>
    public static (int Words, int Errors) Score(IReadOnlyList<(string Wav, string Reference, short[] Samples)> corpus,
        IReadOnlyList<(TimeSpan Start, TimeSpan End)> spans, IEnumerable<BroadcastOperator.Speech.Model.CaptionEvent> captions)
    {
        int words = 0, errors = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var reference = Words(corpus[i].Reference);
            var (start, end) = spans[i];
            var ours = string.Join(' ', captions
                .Where(c => c.IsFinal && c.IsSourceLanguage && c.End > start && c.Start < end + TimeSpan.FromSeconds(1))
                .Select(c => c.Text));
            words += reference.Length;
            errors += WordErrors(reference, Words(ours));
        }

        return (words, errors);
    }

    public static string[] Words(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static int WordErrors(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var previous = Enumerable.Range(0, hypothesis.Count + 1).ToArray();
        for (var i = 1; i <= reference.Count; i++)
        {
            var current = new int[hypothesis.Count + 1];
            current[0] = i;
            for (var j = 1; j <= hypothesis.Count; j++)
            {
                current[j] = Math.Min(previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1), Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[hypothesis.Count];
    }

    private static short[] ReadWav16k(string path)
    {
        var bytes = File.ReadAllBytes(path);
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            if (id == "data")
            {
                var samples = new short[Math.Min(size, bytes.Length - offset - 8) / 2];
                Buffer.BlockCopy(bytes, offset + 8, samples, 0, samples.Length * 2);
                return samples;
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException(path);
    }

    [GeneratedRegex(@"^<s>(.*)</s>\s*\(([^)]+)\)")]
    private static partial Regex Line();
}
