using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.Operator.Tests.Reconcile;

/// <summary>spec.expression reaches the worker Pod the operator creates as BROADCAST_EXPRESSION_*.</summary>
public sealed class WorkerExpressionEnvironmentTests
{
    private static Dictionary<string, string> WorkerEnv(BroadcastSession session)
    {
        var plan = SessionPlanner.Plan(session, new ObservedSession(Sessions.AllChannels(session), null, null), Sessions.Settings, Sessions.Created.AddMinutes(1));
        var pod = Assert.Single(plan.Actions.OfType<CreatePod>()).Pod;
        return pod.Spec.Containers[0].Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);
    }

    [Fact]
    public void Without_spec_expression_the_worker_is_told_the_defaults()
    {
        var env = WorkerEnv(Sessions.New());

        Assert.Equal("true", env[WorkerEnvironment.ExpressionEnabled]);
        Assert.Equal("1", env[WorkerEnvironment.ExpressionIntensity]);
    }

    [Fact]
    public void A_session_asking_for_a_flat_voice_or_another_intensity_gets_it()
    {
        var flat = Sessions.New();
        flat.Spec.Expression = new ExpressionSpec { Enabled = false };
        var strong = Sessions.New();
        strong.Spec.Expression = new ExpressionSpec { Intensity = 1.25 };

        var flatEnv = WorkerEnv(flat);
        var strongEnv = WorkerEnv(strong);

        Assert.Equal("false", flatEnv[WorkerEnvironment.ExpressionEnabled]);
        Assert.Equal("1", flatEnv[WorkerEnvironment.ExpressionIntensity]);
        Assert.Equal("true", strongEnv[WorkerEnvironment.ExpressionEnabled]);
        Assert.Equal("1.25", strongEnv[WorkerEnvironment.ExpressionIntensity]);
    }
}
