using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>Spanish back to English with apertium spa-eng, to check that a translation kept the meaning.</summary>
internal static partial class BackTranslation
{
    public static async Task<string> ToEnglishAsync(string spanish)
    {
        var start = new ProcessStartInfo("apertium", ["-u", "spa-eng"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(spanish);
        process.StandardInput.Close();
        var english = await process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return english.Trim();
    }

    /// <summary>Lower-case words longer than three letters.</summary>
    public static IEnumerable<string> ContentWords(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 3).Distinct();

    [GeneratedRegex("[a-z']+")]
    private static partial Regex Word();
}
