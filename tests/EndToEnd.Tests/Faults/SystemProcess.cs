using System.Diagnostics;
using System.Globalization;

namespace BroadcastOperator.EndToEnd.Tests.Faults;

/// <summary>
/// One running process of the system, found through /proc as `ps` would: its id, command line, environment and folder,
/// which is what it takes to start it again the way its supervisor did.
/// </summary>
internal sealed record SystemProcess(int Pid, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
{
    /// <summary>
    /// The processes below <paramref name="ancestor"/> (its children, their children…) running the assembly
    /// BroadcastOperator.<paramref name="component"/>.dll.
    /// </summary>
    public static IReadOnlyList<SystemProcess> Find(int ancestor, string component)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        bool Below(int pid)
        {
            for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent); hops++, pid = parent)
            {
                if (parent == ancestor)
                {
                    return true;
                }
            }
            return false;
        }
        var assembly = $"BroadcastOperator.{component}.dll";
        return parents.Keys.Where(Below).Select(Read).OfType<SystemProcess>()
            .Where(p => p.Arguments.Any(a => a.EndsWith(assembly, StringComparison.Ordinal))).ToList();
    }

    /// <summary>The process as /proc shows it; null once it is gone (or a zombie, whose command line is empty).</summary>
    public static SystemProcess? Read(int pid)
    {
        try
        {
            var arguments = Split(File.ReadAllText($"/proc/{pid}/cmdline"));
            if (arguments.Count == 0)
            {
                return null;
            }
            var environment = Split(File.ReadAllText($"/proc/{pid}/environ"))
                .Select(v => v.Split('=', 2)).Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.Last()[1]);
            var folder = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? "/";
            return new SystemProcess(pid, arguments, environment, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool IsRunning => Read(Pid) is not null;

    /// <summary>SIGKILL, as a machine dies: no handler runs, nothing is flushed or handed back.</summary>
    public async Task KillAsync(TimeSpan within)
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            process.Kill(); // SIGKILL on Linux
        }
        catch (ArgumentException)
        {
            return; // already gone
        }
        await Eventually.TrueAsync(() => !IsRunning, $"process {Pid} ({Arguments[^1]}) gone after SIGKILL", within);
    }

    /// <summary>Starts the same command again, as its supervisor would, its output appended to <paramref name="log"/>.</summary>
    public Process StartAgain(string log)
    {
        var start = new ProcessStartInfo(Arguments[0], Arguments.Skip(1))
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {string.Join(' ', Arguments)}");
        var writer = new StreamWriter(new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (gate)
            {
                try
                {
                    writer.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => { lock (gate) { writer.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static List<string> Split(string nulSeparated) =>
        nulSeparated.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}
