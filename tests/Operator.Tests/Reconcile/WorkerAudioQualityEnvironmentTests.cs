using BroadcastOperator.Operator.Hosting;
using BroadcastOperator.Operator.Options;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>The installation's audio-quality thresholds (Operator__Worker__AudioQuality__*) reach every worker as BROADCAST_AUDIO_QUALITY_*.</summary>
public sealed class WorkerAudioQualityEnvironmentTests
{
    private static Dictionary<string, string> EnvironmentFor(OperatorOptions options) =>
        WorkerResources.Environment(Sessions.New(), Sessions.Channel("talk-source"), [("es", Sessions.Channel("talk-es"))],
            OperatorHost.CreateWorkerPodSettings(options)).ToDictionary(e => e.Name, e => e.Value);

    private static List<string> Errors(Action<WorkerOptions> configure)
    {
        var options = new OperatorOptions();
        configure(options.Worker);
        var result = new OperatorOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void Without_thresholds_the_worker_keeps_its_defaults_and_is_told_nothing()
    {
        Assert.DoesNotContain(EnvironmentFor(new OperatorOptions()).Keys, k => k.StartsWith("BROADCAST_AUDIO_QUALITY_", StringComparison.Ordinal));
    }

    [Fact]
    public void Thresholds_set_for_the_installation_are_passed_to_the_worker_in_the_invariant_culture()
    {
        var options = new OperatorOptions();
        options.Worker.AudioQuality["TooQuietDbfs"] = -45.5;
        options.Worker.AudioQuality["RaiseAfterWindows"] = 4;

        var env = EnvironmentFor(options);

        Assert.Equal("-45.5", env[WorkerEnvironment.QualityTooQuietDbfs]);
        Assert.Equal("4", env[WorkerEnvironment.QualityRaiseAfterWindows]);
        Assert.False(env.ContainsKey(WorkerEnvironment.QualityClippingRatio));
    }

    [Fact]
    public void An_unknown_threshold_is_refused_naming_the_known_ones()
    {
        var error = Assert.Single(Errors(w => w.AudioQuality["Loudness"] = 3));

        Assert.Contains("Operator:Worker:AudioQuality:Loudness", error, StringComparison.Ordinal);
        Assert.Contains("TooQuietDbfs", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClippingRatio", 1.5)]
    [InlineData("TooQuietDbfs", 3)]
    [InlineData("NoisySnrDb", -1)]
    [InlineData("RaiseAfterWindows", 2.5)]
    [InlineData("ClearAfterWindows", 0)]
    public void A_threshold_out_of_its_range_is_refused_naming_it(string name, double value)
    {
        var error = Assert.Single(Errors(w => w.AudioQuality[name] = value));

        Assert.Contains($"Operator:Worker:AudioQuality:{name}=", error, StringComparison.Ordinal);
    }
}
