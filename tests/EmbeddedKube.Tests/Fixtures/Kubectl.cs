using System.Diagnostics;

namespace BroadcastOperator.EmbeddedKube.Tests.Fixtures;

public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs the real kubectl against a kubeconfig, with a private discovery cache.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDirectory)
{
    public static bool Available { get; } = File.Exists("/usr/bin/kubectl") || File.Exists("/usr/local/bin/kubectl");

    public async Task<CommandResult> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public async Task<CommandResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(cacheDirectory);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>) whose output is read as it comes.</summary>
    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
