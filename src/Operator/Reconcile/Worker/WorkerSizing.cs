using System.Globalization;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Reconcile.Worker;

/// <summary>
/// What a worker pod asks the scheduler for when the operator is not given fixed amounts (issue 21): the runtime, the
/// recognizer, each translated language's engines, and the listeners the session admits, so a node is packed by what
/// its sessions need. The figures are measured with `make bench FILTER=idle-session` and `FILTER=worker` (the chart
/// README lists them). Requests are what the session uses while its speaker talks; the limits leave room for the burst
/// at the end of a phrase, when recognition, translation and synthesis run at once.
/// </summary>
public static class WorkerSizing
{
    private const long MiB = 1024 * 1024;

    // Measured 2026-12-06 (idle-session): nobody connected RSS 141 MB, 0.45 % of a core; a speaker talking without pause
    // into one translated language, embedded engines: worker 20 % of a core and RSS 259 MB, apertium 194 MB.
    // The runtime, Kestrel, signaling and the status writer.
    private static readonly Need Base = new(50, 160 * MiB);
    // pocketsphinx in the worker process, loaded when the speaker's audio arrives (about 95 MB); AWS: the streaming client.
    private static readonly Need LocalRecognizer = new(150, 100 * MiB);
    private static readonly Need RemoteStage = new(10, 8 * MiB);
    // An apertium pair's pipeline (child processes, counted in the pod's cgroup): about 190 MB while the speaker is on.
    private static readonly Need LocalTranslation = new(20, 200 * MiB);
    // espeak-ng per phrase, and the Opus encoder of the language's stream.
    private static readonly Need LocalSynthesis = new(50, 16 * MiB);
    // worker_listener_memory_kb 36.7 (budget 48), worker_listeners_per_core 4,525: 0.22 millicores each.
    private static readonly Need PerListener = new(0.25, 48 * 1024);

    private const double CpuLimitFactor = 2;
    private const double MemoryLimitFactor = 1.5;

    public static V1ResourceRequirements For(BroadcastSessionSpec spec)
    {
        var engines = spec.Engines;
        var translated = spec.TargetLanguages.Count(language => language != spec.SourceLanguage);
        var need = Base
            + (engines?.Asr == EngineKind.Aws ? RemoteStage : LocalRecognizer)
            + translated * (engines?.Translation == EngineKind.Aws ? RemoteStage : LocalTranslation)
            + translated * (engines?.Tts == EngineKind.Aws ? RemoteStage : LocalSynthesis)
            + (spec.MaxListeners ?? BroadcastSessionSpec.DefaultMaxListeners) * PerListener;
        return new V1ResourceRequirements
        {
            Requests = Amounts(need.Millicores, need.Bytes),
            Limits = Amounts(need.Millicores * CpuLimitFactor, need.Bytes * MemoryLimitFactor),
        };
    }

    private static Dictionary<string, ResourceQuantity> Amounts(double millicores, double bytes) => new(StringComparer.Ordinal)
    {
        ["cpu"] = new ResourceQuantity(((long)Math.Ceiling(millicores)).ToString(CultureInfo.InvariantCulture) + "m"),
        ["memory"] = new ResourceQuantity(((long)Math.Ceiling(bytes / MiB)).ToString(CultureInfo.InvariantCulture) + "Mi"),
    };

    /// <summary>CPU in millicores and memory in bytes that one part of a session needs.</summary>
    private readonly record struct Need(double Millicores, double Bytes)
    {
        public static Need operator +(Need a, Need b) => new(a.Millicores + b.Millicores, a.Bytes + b.Bytes);

        public static Need operator *(int count, Need need) => new(count * need.Millicores, count * need.Bytes);
    }
}
