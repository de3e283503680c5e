using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BroadcastOperator.MediaWorker.Tests.Archive;

/// <summary>
/// The reference Ogg Opus tools (Debian opus-tools: libopusfile and libopus, an implementation independent of ours):
/// <c>opusinfo</c> checks the stream (pages, checksums, granule positions) and reports its playback length, <c>opusdec</c>
/// decodes it. Installed by the test when missing, as scripts/install-deps.sh does.
/// </summary>
public static partial class OpusTools
{
    private const string Info = "/usr/bin/opusinfo";
    private const string Decoder = "/usr/bin/opusdec";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Null when the tools run here; otherwise why not.</summary>
    public static async Task<string?> EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Info) && File.Exists(Decoder))
            {
                return null;
            }
            if (Environment.UserName != "root")
            {
                return "opus-tools is not installed and the tests do not run as root to install it (scripts/install-deps.sh installs it)";
            }
            var (code, output) = await RunAsync("/bin/sh", "-c",
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends opus-tools || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends opus-tools)");
            return File.Exists(Info) && File.Exists(Decoder) ? null : $"apt-get could not install opus-tools (exit {code}): {output}";
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>
    /// opusinfo's verdict: its whole output and the playback length it reports. It exits 1 on any warning; a stream cut off
    /// before its end (<paramref name="cutOff"/>) may have exactly one, the missing end-of-stream flag.
    /// </summary>
    public static async Task<(string Output, TimeSpan Length)> InspectAsync(string path, bool cutOff = false)
    {
        var (code, output) = await RunAsync(Info, path);
        var warnings = output.Split('\n').Where(l => l.Contains("WARNING", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)).ToList();
        var acceptable = code == 0 || (cutOff && warnings.Count == 1 && warnings[0].Contains("EOS not set", StringComparison.Ordinal));
        Assert.True(acceptable, $"opusinfo exited {code}: {output}");
        var match = PlaybackLength().Match(output);
        Assert.True(match.Success, $"opusinfo reported no playback length: {output}");
        var minutes = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        return (output, TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Decodes to 48 kHz 16-bit mono PCM with opusdec (no resampling, no dithering).</summary>
    public static async Task<short[]> DecodeAsync(string path)
    {
        var raw = Path.ChangeExtension(path, ".decoded.raw");
        var (code, output) = await RunAsync(Decoder, "--rate", "48000", "--no-dither", "--force-wav", path, raw);
        Assert.True(code == 0, $"opusdec exited {code}: {output}");
        var bytes = await File.ReadAllBytesAsync(raw);
        const int WavHeader = 44;
        var samples = new short[(bytes.Length - WavHeader) / 2];
        Buffer.BlockCopy(bytes, WavHeader, samples, 0, samples.Length * 2);
        return samples;
    }

    private static async Task<(int Code, string Output)> RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>opusinfo: "Playback length: 1m:02.5s" or "Playback length: 2.5s".</summary>
    [GeneratedRegex(@"Playback length:\s*(?:(?<m>\d+)m:)?(?<s>[\d.]+)s")]
    private static partial Regex PlaybackLength();
}
