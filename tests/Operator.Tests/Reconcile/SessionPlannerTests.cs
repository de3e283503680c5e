using BroadcastOperator.Operator.Reconcile;
using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;
using k8s.Models;

namespace BroadcastOperator.Operator.Tests.Reconcile;

public sealed class SessionPlannerTests
{
    private static readonly DateTime Now = Sessions.Created.AddMinutes(1);

    private static SessionPlan Plan(BroadcastSession session, ObservedSession observed, DateTime? now = null) =>
        SessionPlanner.Plan(session, observed, Sessions.Settings, now ?? Now);

    /// <summary>Runs plans against an in-memory world until nothing is left to do, as the executor would.</summary>
    private static (ObservedSession Observed, SessionPlan Last) Converge(BroadcastSession session, ObservedSession observed, bool podReady = true)
    {
        for (var i = 0; i < 10; i++)
        {
            var plan = Plan(session, observed);
            Sessions.ApplyStatus(session, plan);
            if (plan.Converged)
            {
                return (observed, plan);
            }
            var channels = observed.Channels.ToList();
            var pod = observed.Pod;
            var service = observed.Service;
            foreach (var action in plan.Actions)
            {
                switch (action)
                {
                    case AddFinalizer: session.Metadata.Finalizers = [PlannerSettings.Finalizer]; break;
                    case CreateChannel c: channels.Add(Sessions.Channel(c.Name)); break;
                    case DeleteChannel d: channels.RemoveAll(c => c.Name == d.Channel.Name); break;
                    case CreatePod p: pod = podReady ? Sessions.ReadyPod(p.Pod) : p.Pod; break;
                    case DeletePod: pod = null; break;
                    case CreateService s: service = s.Service; break;
                }
            }
            observed = new ObservedSession(channels, pod, service);
        }
        throw new InvalidOperationException("did not converge");
    }

    [Fact]
    public void A_new_session_first_gets_the_teardown_finalizer_and_nothing_else()
    {
        var plan = Plan(Sessions.New(finalizer: false), ObservedSession.Nothing);

        Assert.Equal([new AddFinalizer()], plan.Actions);
        Assert.Null(plan.StatusPatch);
    }

    [Fact]
    public void Channels_are_created_for_the_speaker_and_every_listener_language_before_any_worker()
    {
        var session = Sessions.New();

        var plan = Plan(session, ObservedSession.Nothing);

        var names = plan.Actions.OfType<CreateChannel>().Select(a => a.Name).Order().ToArray();
        Assert.Equal(["team_talk_ca", "team_talk_en", "team_talk_es", "team_talk_source"], names);
        Assert.DoesNotContain(plan.Actions, a => a is CreatePod);
        Assert.Equal(SessionPhase.Provisioning, plan.StatusPatch!.Phase);
        Assert.Equal(Conditions.False, Conditions.Find(plan.StatusPatch.Conditions, ConditionTypes.ChannelsReady)!.Status);
    }

    [Fact]
    public void With_channels_in_place_the_worker_pod_and_service_are_created_owned_by_the_session_and_configured_by_env()
    {
        var session = Sessions.New();

        var plan = Plan(session, new ObservedSession(Sessions.AllChannels(session), null, null));

        var pod = Assert.Single(plan.Actions.OfType<CreatePod>()).Pod;
        var service = Assert.Single(plan.Actions.OfType<CreateService>()).Service;
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.True(owner.Controller);
        Assert.Equal("uid-talk", owner.Uid);
        Assert.Equal("uid-talk", Assert.Single(service.Metadata.OwnerReferences).Uid);
        var env = pod.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("talk", env[WorkerEnvironment.SessionName]);
        Assert.Equal("es,ca", env[WorkerEnvironment.TargetLanguages]);
        Assert.Contains("team_talk_source", env[WorkerEnvironment.SourceChannelArn]);
        Assert.Equal("wss://v.example", env[WorkerEnvironment.SourceChannelWss]);
        Assert.Contains("\"language\":\"ca\"", env[WorkerEnvironment.LanguageChannels]);
        Assert.Equal("500", env[WorkerEnvironment.MaxListeners]);
        Assert.Equal("/creds", env[WorkerEnvironment.AwsCredentialsFile]);
        Assert.Contains(plan.ActionEvents, e => e.Reason == ConditionReasons.WorkerCreated);
    }

    [Fact]
    public void A_ready_worker_makes_the_session_Active_with_endpoints_and_a_second_pass_writes_nothing()
    {
        var session = Sessions.New();

        var (observed, last) = Converge(session, ObservedSession.Nothing);

        Assert.Equal(SessionPhase.Active, session.Status!.Phase);
        Assert.Equal(1, session.Status.ObservedGeneration);
        Assert.Equal("wss://m.example", session.Status.Channel!.Endpoints!.Wss);
        Assert.Equal(["en", "es", "ca"], session.Status.Languages!.Select(l => l.Language));
        Assert.Equal("wss://v.example", session.Status.Languages![1].Channel!.Endpoints!.Wss);
        Assert.True(session.Status.Worker!.Ready);
        Assert.Equal(Sessions.Created.AddHours(1), session.Status.ExpiresAt);
        Assert.All(session.Status.Conditions!, c => Assert.Equal(Conditions.True, c.Status));
        var again = Plan(session, observed, Now.AddMinutes(5));
        Assert.Empty(again.Actions);
        Assert.Null(again.StatusPatch);
        Assert.Empty(again.StatusEvents);
        Assert.Equal(SessionPhase.Active, last.StatusPatch!.Phase);
    }

    [Fact]
    public void A_crashed_worker_makes_the_session_Degraded_with_one_warning_then_Active_again_once_restarted_and_ready()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);
        var pod = observed.Pod!;

        // The kubelet saw the process die (SIGKILL: 137) and waits out its back-off: not ready, the run in lastState.
        pod.Status = NotReady(restartCount: 0, new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } });
        var crashed = Plan(session, observed);
        Sessions.ApplyStatus(session, crashed);

        Assert.Equal(SessionPhase.Degraded, session.Status!.Phase);
        var worker = Conditions.Find(session.Status.Conditions, ConditionTypes.WorkerReady)!;
        Assert.Equal(ConditionReasons.WorkerRestarting, worker.Reason);
        Assert.Contains("exit code 137", worker.Message, StringComparison.Ordinal);
        Assert.Equal([ConditionReasons.WorkerRestarting], crashed.StatusEvents.Select(e => e.Reason));
        Assert.Empty(crashed.Actions); // the kubelet restarts it; the operator neither deletes nor replaces the pod
        Assert.Empty(Plan(session, observed).StatusEvents);

        // Restarted and starting: still Degraded, no second warning.
        pod.Status = NotReady(restartCount: 1, new V1ContainerState { Running = new V1ContainerStateRunning() });
        var restarting = Plan(session, observed);
        Sessions.ApplyStatus(session, restarting);
        Assert.Equal(SessionPhase.Degraded, session.Status!.Phase);
        Assert.Empty(restarting.StatusEvents);

        Sessions.ReadyPod(pod);
        Sessions.ApplyStatus(session, Plan(session, observed));
        Assert.Equal(SessionPhase.Active, session.Status!.Phase);
    }

    private static V1PodStatus NotReady(int restartCount, V1ContainerState state) => new()
    {
        Phase = "Running",
        Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }],
        ContainerStatuses = [new V1ContainerStatus
        {
            Name = "worker", Image = "worker", ImageID = "", Ready = false, RestartCount = restartCount, State = state,
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 137 } },
        }],
    };

    [Fact]
    public void A_worker_that_is_not_ready_yet_but_never_crashed_keeps_the_session_Provisioning()
    {
        var session = Sessions.New();

        Converge(session, ObservedSession.Nothing, podReady: false);

        Assert.Equal(SessionPhase.Provisioning, session.Status!.Phase);
    }

    [Fact]
    public void Becoming_Active_emits_ChannelsCreated_and_Ready_events_once()
    {
        var session = Sessions.New();
        var events = new List<string>();
        var observed = ObservedSession.Nothing;
        for (var i = 0; i < 6; i++)
        {
            var (next, _) = Converge(session, observed);
            observed = next;
        }
        // Converge applies each status; collect the events of a fresh pass from Provisioning.
        var fresh = Sessions.New();
        var plan = Plan(fresh, observed);
        events.AddRange(plan.StatusEvents.Select(e => e.Reason));
        Sessions.ApplyStatus(fresh, plan);

        Assert.Equal([ConditionReasons.ChannelsCreated, ConditionReasons.Ready], events);
        Assert.Empty(Plan(fresh, observed).StatusEvents);
    }

    [Fact]
    public void Removing_a_language_deletes_its_channel_and_replaces_the_worker()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);
        var oldHash = observed.Pod!.Metadata.Annotations[WorkerLabels.ConfigHash];
        session.Spec.TargetLanguages = ["es"];
        session.Metadata.Generation = 2;

        var plan = Plan(session, observed);

        var deleted = Assert.Single(plan.Actions.OfType<DeleteChannel>());
        Assert.Equal("team_talk_ca", deleted.Channel.Name);
        Assert.Single(plan.Actions.OfType<DeletePod>());
        var (after, _) = Converge(session, observed);
        Assert.NotEqual(oldHash, after.Pod!.Metadata.Annotations[WorkerLabels.ConfigHash]);
        Assert.Equal(["en", "es"], session.Status!.Languages!.Select(l => l.Language));
        Assert.Equal(2, session.Status.ObservedGeneration);
        Assert.Equal(SessionPhase.Active, session.Status.Phase);
    }

    [Fact]
    public void A_channel_deleted_behind_the_operators_back_is_created_again()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);
        var missing = observed with { Channels = observed.Channels.Where(c => c.Name != "team_talk_es").ToList() };

        var plan = Plan(session, missing);

        Assert.Equal([new CreateChannel("team_talk_es")], plan.Actions);
    }

    [Fact]
    public void An_unserved_pair_fails_with_a_message_naming_what_is_served_and_is_not_retried()
    {
        var session = Sessions.New(targets: ["de"]);

        var plan = Plan(session, ObservedSession.Nothing);
        Sessions.ApplyStatus(session, plan);

        Assert.Empty(plan.Actions);
        Assert.Equal(SessionPhase.Failed, session.Status!.Phase);
        var ready = Conditions.Find(session.Status.Conditions, ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.UnservedLanguagePair, ready.Reason);
        Assert.Contains("en->de", ready.Message);
        Assert.Contains("en->ca, en->es", ready.Message);
        Assert.Contains("spec.targetLanguages", ready.Message);
        Assert.Equal(ConditionReasons.Failed, Assert.Single(plan.StatusEvents).Reason);
        Assert.Equal(SessionEvent.Warning, plan.StatusEvents[0].Type);
        // Requeued only for expiry, never soon.
        Assert.True(plan.RequeueAfter > TimeSpan.FromMinutes(30));
        var again = Plan(session, ObservedSession.Nothing);
        Assert.Null(again.StatusPatch);
        Assert.Empty(again.StatusEvents);
    }

    [Fact]
    public void Cloud_translation_is_not_limited_to_the_local_pairs()
    {
        var session = Sessions.New(targets: ["de"]);
        session.Spec.Engines = new SpeechEngines { Translation = EngineKind.Aws };

        Assert.Null(SessionPlanner.Validate(session.Spec, Sessions.Settings));
    }

    [Fact]
    public void A_provider_this_operator_lacks_fails_naming_the_setting_to_change()
    {
        var session = Sessions.New();
        session.Spec.ChannelProvider = ChannelProvider.Kvs;

        var plan = Plan(session, ObservedSession.Nothing);

        var ready = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Ready)!;
        Assert.Equal(ConditionReasons.ProviderNotConfigured, ready.Reason);
        Assert.Contains("Operator__Kvs__Region", ready.Message);
        Assert.Contains("spec.channelProvider", ready.Message);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void After_ttl_the_session_is_marked_Expired_and_deleted()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);

        var plan = Plan(session, observed, Sessions.Created.AddHours(1));

        Assert.Equal([new DeleteSession()], plan.Actions);
        Assert.Equal(SessionPhase.Expired, plan.StatusPatch!.Phase);
        Assert.Equal(ConditionReasons.Expired, Assert.Single(plan.StatusEvents).Reason);
    }

    [Fact]
    public void Deletion_deletes_every_channel_then_removes_the_finalizer()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);
        session.Metadata.DeletionTimestamp = Now;

        var first = Plan(session, observed);
        var second = Plan(session, observed with { Channels = [] });

        Assert.Equal(4, first.Actions.OfType<DeleteChannel>().Count());
        Assert.DoesNotContain(first.Actions, a => a is RemoveFinalizer);
        Assert.Equal([new RemoveFinalizer()], second.Actions);
        Assert.Equal(ConditionReasons.TornDown, Assert.Single(second.ActionEvents).Reason);
    }

    [Fact]
    public void A_deleted_session_without_our_finalizer_needs_nothing()
    {
        var session = Sessions.New(finalizer: false);
        session.Metadata.DeletionTimestamp = Now;

        Assert.Same(SessionPlan.Done, Plan(session, ObservedSession.Nothing));
    }

    [Fact]
    public void Transition_time_moves_only_when_a_condition_flips()
    {
        var session = Sessions.New();
        var (observed, _) = Converge(session, ObservedSession.Nothing);
        var readySince = Conditions.Find(session.Status!.Conditions, ConditionTypes.Ready)!.LastTransitionTime;
        var notReady = observed with { Pod = new V1Pod { Metadata = observed.Pod!.Metadata, Spec = observed.Pod.Spec, Status = new V1PodStatus() } };

        var later = Now.AddMinutes(10);
        var plan = SessionPlanner.Plan(session, notReady, Sessions.Settings, later);

        var ready = Conditions.Find(plan.StatusPatch!.Conditions, ConditionTypes.Ready)!;
        var channels = Conditions.Find(plan.StatusPatch.Conditions, ConditionTypes.ChannelsReady)!;
        Assert.Equal(Conditions.False, ready.Status);
        Assert.Equal(Conditions.Truncate(later), ready.LastTransitionTime);
        Assert.Equal(readySince, channels.LastTransitionTime);
        Assert.NotEqual(readySince, ready.LastTransitionTime);
    }

    [Fact]
    public void The_status_patch_never_carries_the_workers_fields()
    {
        var session = Sessions.New();
        session.Status = new BroadcastSessionStatus { ListenerCount = 7, Media = new MediaStatus { SpeakerConnected = true } };

        var plan = Plan(session, ObservedSession.Nothing);
        var patch = OperatorStatus.MergePatch(plan.StatusPatch!);

        Assert.DoesNotContain("media", patch);
        Assert.DoesNotContain("listenerCount", patch);
        Assert.Contains("\"phase\":\"Provisioning\"", patch);
    }
}
