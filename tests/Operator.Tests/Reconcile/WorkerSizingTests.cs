using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Shared.Model;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>A worker pod asks for what its session needs: languages, engines and listeners.</summary>
public sealed class WorkerSizingTests
{
    private static BroadcastSessionSpec Spec(int languages = 1, int maxListeners = 500, EngineKind engines = EngineKind.Local) => new()
    {
        SourceLanguage = "en",
        TargetLanguages = ["en", .. new[] { "es", "ca", "fr", "de" }.Take(languages)],
        MaxListeners = maxListeners,
        Engines = new SpeechEngines { Asr = engines, Translation = engines, Tts = engines },
    };

    private static decimal Cpu(V1ResourceRequirements r, bool limit = false) => (limit ? r.Limits : r.Requests)["cpu"].ToDecimal();

    private static decimal Memory(V1ResourceRequirements r, bool limit = false) => (limit ? r.Limits : r.Requests)["memory"].ToDecimal();

    [Fact]
    public void Each_translated_language_asks_for_more_cpu_and_memory()
    {
        var one = WorkerSizing.For(Spec(languages: 1));
        var three = WorkerSizing.For(Spec(languages: 3));

        Assert.True(Cpu(three) > Cpu(one));
        Assert.True(Memory(three) > Memory(one) + 2 * 190m * 1024 * 1024, "two more apertium pipelines hold about 190 MB each");
    }

    [Fact]
    public void The_source_language_passed_through_needs_no_translation_engines()
    {
        var withPassthrough = WorkerSizing.For(Spec(languages: 1));
        var translatedOnly = Spec(languages: 1);
        translatedOnly.TargetLanguages = ["es"];

        Assert.Equal(Memory(withPassthrough), Memory(WorkerSizing.For(translatedOnly)));
        Assert.Equal(Cpu(withPassthrough), Cpu(WorkerSizing.For(translatedOnly)));
    }

    [Fact]
    public void Listeners_add_their_measured_memory_and_cpu()
    {
        var few = WorkerSizing.For(Spec(maxListeners: 100));
        var many = WorkerSizing.For(Spec(maxListeners: 10_100));

        var extraMemory = Memory(many) - Memory(few);
        Assert.InRange(extraMemory, 10_000m * 36 * 1024, 10_000m * 64 * 1024); // 36.7 KB measured per listener, 48 KB budget
        Assert.InRange(Cpu(many) - Cpu(few), 2m, 3m); // 4,525 listeners per core measured
    }

    [Fact]
    public void Aws_engines_need_less_than_the_embedded_ones()
    {
        var local = WorkerSizing.For(Spec(languages: 2));
        var aws = WorkerSizing.For(Spec(languages: 2, engines: EngineKind.Aws));

        Assert.True(Cpu(aws) < Cpu(local));
        Assert.True(Memory(aws) < Memory(local));
    }

    [Fact]
    public void Limits_leave_room_above_the_requests()
    {
        var resources = WorkerSizing.For(Spec(languages: 2));

        Assert.True(Cpu(resources, limit: true) >= 2 * Cpu(resources) - 0.001m);
        Assert.True(Memory(resources, limit: true) > Memory(resources));
    }
}
