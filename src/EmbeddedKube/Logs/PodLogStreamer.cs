using System.Text;
using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Resources;
using BroadcastOperator.EmbeddedKube.Storage;
using Microsoft.AspNetCore.Http;

namespace BroadcastOperator.EmbeddedKube.Logs;

/// <summary>
/// Serves <c>GET pods/{name}/log</c> from the files the local runner keeps: the container's current
/// run (or, with <c>previous</c>, the run before its last restart), filtered by since and tail,
/// optionally with timestamps, and followed as it grows until the client leaves or the run ends.
/// </summary>
public sealed class PodLogStreamer(ObjectStore store, PodLogDirectory? directory, TimeProvider clock)
{
    private static readonly TimeSpan FollowPollInterval = TimeSpan.FromMilliseconds(200);

    public async Task StreamAsync(HttpContext context, string ns, string podName)
    {
        var query = PodLogQuery.Parse(context.Request, clock);
        var pod = store.Get(BuiltinResources.Pods, ns, podName) ?? throw ApiException.NotFound("pods", podName);
        if (directory is null)
        {
            throw ApiException.BadRequest("this embedded API server keeps no pod logs: start it with --pod-logs (make run does)");
        }
        var container = ContainerOf(pod, podName, query.Container);
        var restartCount = RestartCount(pod, container);
        var run = query.Previous ? restartCount - 1 : restartCount;
        var uid = Meta.Uid(pod);
        var files = run < 0 ? [] : directory.FilesOfRun(ns, podName, uid, container, run);
        if (files.Count == 0)
        {
            throw ApiException.BadRequest(query.Previous
                ? $"previous terminated container \"{container}\" in pod \"{podName}\" not found"
                : $"container \"{container}\" in pod \"{podName}\" is waiting to start: no log yet");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var output = new LogOutput(context, query);
        var lines = files.SelectMany(ReadCompleteLines).Where(l => query.Since is null || l.Time >= query.Since).ToList();
        var skip = query.TailLines is { } tail ? Math.Max(0, lines.Count - (int)Math.Min(tail, int.MaxValue)) : 0;
        foreach (var line in lines.Skip(skip))
        {
            if (!await output.WriteAsync(line))
            {
                return;
            }
        }
        await context.Response.Body.FlushAsync(context.RequestAborted);
        if (query.Follow && !query.Previous)
        {
            await FollowAsync(context, output, files[^1], () => SameRun(ns, podName, uid, container, run));
        }
    }

    private async Task FollowAsync(HttpContext context, LogOutput output, string file, Func<bool> stillRunning)
    {
        long position = new FileInfo(file).Length;
        var pending = new StringBuilder();
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(FollowPollInterval, clock, context.RequestAborted);
                var length = File.Exists(file) ? new FileInfo(file).Length : 0;
                if (length < position)
                {
                    position = 0; // rotated: the current file starts over
                    pending.Clear();
                }
                if (length > position)
                {
                    foreach (var line in ReadFrom(file, ref position, pending))
                    {
                        if (!await output.WriteAsync(line))
                        {
                            return;
                        }
                    }
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
                else if (!stillRunning())
                {
                    return; // the pod is gone or its container restarted: this run's log is complete
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client stopped following.
        }
    }

    private bool SameRun(string ns, string podName, string uid, string container, int run) =>
        store.Get(BuiltinResources.Pods, ns, podName) is { } pod && Meta.Uid(pod) == uid && RestartCount(pod, container) == run
        && !IsTerminated(pod, container);

    private static IEnumerable<CriLogLine> ReadCompleteLines(string file)
    {
        long position = 0;
        return ReadFrom(file, ref position, new StringBuilder());
    }

    /// <summary>Lines completed since <paramref name="position"/>; a line still being written waits in <paramref name="pending"/>.</summary>
    private static List<CriLogLine> ReadFrom(string file, ref long position, StringBuilder pending)
    {
        var lines = new List<CriLogLine>();
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(position, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        position = stream.Position;
        pending.Append(text);
        var all = pending.ToString();
        var end = all.LastIndexOf('\n');
        if (end < 0)
        {
            return lines;
        }
        foreach (var raw in all[..end].Split('\n'))
        {
            if (CriLogLine.TryParse(raw, out var line))
            {
                lines.Add(line);
            }
        }
        pending.Clear().Append(all[(end + 1)..]);
        return lines;
    }

    private static string ContainerOf(JsonObject pod, string podName, string? requested)
    {
        var names = (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>() ?? "").ToList();
        if (requested is not null)
        {
            return names.Contains(requested)
                ? requested
                : throw ApiException.BadRequest($"container {requested} is not valid for pod {podName}");
        }
        return names.Count switch
        {
            1 => names[0],
            0 => throw ApiException.BadRequest($"pod {podName} has no containers"),
            _ => throw ApiException.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(" ", names)}]"),
        };
    }

    private static JsonObject? StatusOf(JsonObject pod, string container) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(s => s["name"]?.GetValue<string>() == container);

    private static int RestartCount(JsonObject pod, string container) =>
        (int)(JsonNumber.AsLong(StatusOf(pod, container)?["restartCount"]) ?? 0);

    private static bool IsTerminated(JsonObject pod, string container) => StatusOf(pod, container)?["state"]?["terminated"] is not null;

    /// <summary>Writes lines as kubectl shows them, within limitBytes.</summary>
    private sealed class LogOutput(HttpContext context, PodLogQuery query)
    {
        private long _written;

        public async Task<bool> WriteAsync(CriLogLine line)
        {
            var text = (query.Timestamps ? line.TimeText + " " : "") + line.Content + (line.Partial ? "" : "\n");
            var bytes = Encoding.UTF8.GetBytes(text);
            if (query.LimitBytes is { } limit && _written + bytes.Length > limit)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, (int)(limit - _written)), context.RequestAborted);
                _written = limit;
                return false;
            }
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            _written += bytes.Length;
            return true;
        }
    }
}
