using System.Collections.Concurrent;
using System.Diagnostics;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// Every phase a session passes through, as `kubectl get bcs NAME -w` delivers them, stamped on the caller's clock: a
/// phase that lasts a moment between two polls is still seen.
/// </summary>
internal sealed class PhaseWatch : IAsyncDisposable
{
    private readonly Process _kubectl;
    private readonly Task _reader;

    public PhaseWatch(string kubeconfig, string session, Func<TimeSpan> clock)
    {
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "get", "bcs", session, "-w", "-o", "jsonpath={.status.phase}{\"\\n\"}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _kubectl = Process.Start(start)!;
        _reader = Task.Run(async () =>
        {
            while (await _kubectl.StandardOutput.ReadLineAsync() is { } line)
            {
                Seen.Enqueue((clock(), line.Trim()));
            }
        });
    }

    public ConcurrentQueue<(TimeSpan At, string Phase)> Seen { get; } = new();

    /// <summary>When <paramref name="phase"/> was first seen after <paramref name="after"/>.</summary>
    public TimeSpan? First(string phase, TimeSpan after) =>
        Seen.Where(s => s.Phase == phase && s.At > after).Select(s => (TimeSpan?)s.At).FirstOrDefault();

    public override string ToString() => string.Join(" → ", Seen.Select(s => $"{s.Phase}@{s.At.TotalSeconds:0.0}"));

    public async ValueTask DisposeAsync()
    {
        if (!_kubectl.HasExited)
        {
            _kubectl.Kill();
        }
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _kubectl.Dispose();
    }
}
