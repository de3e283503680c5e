using System.Globalization;

namespace BroadcastOperator.EmbeddedKube.Logs;

/// <summary>
/// Where a container's log files are: the kubelet's layout under a folder the local runner writes
/// and this server reads, <c>{root}/{namespace}_{pod}_{uid}/{container}/{restartCount}.log</c>, the
/// file rotated to <c>{restartCount}.log.1</c> when it grows past its bound. The lines are in the
/// CRI log format (<see cref="CriLogLine"/>). src/LocalRunner/ContainerLogWriter.cs writes the same layout.
/// </summary>
public sealed class PodLogDirectory(string root)
{
    public string Root { get; } = root;

    public string ContainerDirectory(string ns, string pod, string uid, string container) =>
        Path.Combine(Root, $"{ns}_{pod}_{uid}", container);

    /// <summary>The files of one run of a container, oldest first (the rotated one, then the current one); only those that exist.</summary>
    public IReadOnlyList<string> FilesOfRun(string ns, string pod, string uid, string container, int restartCount)
    {
        var current = Path.Combine(ContainerDirectory(ns, pod, uid, container), restartCount.ToString(CultureInfo.InvariantCulture) + ".log");
        return new[] { current + ".1", current }.Where(File.Exists).ToList();
    }
}
