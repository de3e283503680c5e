using System.Text.Json;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.MediaWorker.Media;
using BroadcastOperator.MediaWorker.Status;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Speech.Quality;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>The speaker's audio quality as the session shows it: the AudioQuality condition, the hint on the captions stream.</summary>
[Collection(SessionCollection.Name)]
public sealed class AudioQualityTests(SessionFixture world)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    [Fact]
    public void Sequence_gaps_count_as_lost_packets_but_late_repeated_and_restarted_streams_do_not()
    {
        var counter = new SequenceGapCounter();
        Assert.Equal(0, counter.Observe(65530));
        Assert.Equal(0, counter.Observe(65531));
        Assert.Equal(3, counter.Observe(65535)); // 65532..65534 missing
        Assert.Equal(1, counter.Observe(1)); // wraps: 0 missing
        Assert.Equal(0, counter.Observe(1)); // repeated
        Assert.Equal(0, counter.Observe(65534)); // late
        Assert.Equal(0, counter.Observe(30000)); // a new stream, not 30000 losses
        Assert.Equal(0, counter.Observe(30001));
    }

    [Fact]
    public void The_condition_replaces_only_its_own_type_and_keeps_its_transition_time_while_the_status_holds()
    {
        var then = new DateTime(2026, 12, 5, 10, 0, 0, DateTimeKind.Utc);
        var operatorCondition = new V1Condition { Type = "Ready", Status = "True", Reason = "Ready", Message = "ok", LastTransitionTime = then };
        var clipping = AudioQualityConditionWriter.ConditionFor(AudioQualityVerdict.For(AudioQualityReason.Clipping, Window(clipping: 0.02)));
        var first = AudioQualityConditionWriter.Merge([operatorCondition], clipping, then.AddMinutes(1))!;
        Assert.Equal(["Ready", "AudioQuality"], first.Select(c => c.Type));
        Assert.Equal(("False", "Clipping"), (first[1].Status, first[1].Reason));
        Assert.Contains("2.0 % of samples clipped", first[1].Message, StringComparison.Ordinal);

        Assert.Null(AudioQualityConditionWriter.Merge(first, AudioQualityConditionWriter.ConditionFor(
            AudioQualityVerdict.For(AudioQualityReason.Clipping, Window(clipping: 0.02))), then.AddMinutes(2)));

        var quiet = AudioQualityConditionWriter.Merge(first, AudioQualityConditionWriter.ConditionFor(
            AudioQualityVerdict.For(AudioQualityReason.TooQuiet, Window(speech: -45))), then.AddMinutes(3))!;
        Assert.Equal(then.AddMinutes(1), quiet.Single(c => c.Type == "AudioQuality").LastTransitionTime); // still False
        var good = AudioQualityConditionWriter.Merge(quiet, AudioQualityConditionWriter.ConditionFor(AudioQualityVerdict.Good), then.AddMinutes(4))!;
        Assert.Equal(("True", "Good", then.AddMinutes(4)), (good[1].Status, good[1].Reason, good[1].LastTransitionTime));
        Assert.Same(operatorCondition, good[0]);
    }

    [Fact]
    public void A_quality_hint_is_an_sse_event_of_its_own_and_a_new_subscriber_gets_the_standing_one()
    {
        var hub = new CaptionHub();
        var hint = new AudioQualityHint(false, "Clipping", "Your microphone is clipping — lower the input gain", "2.0 % of samples clipped");
        hub.PublishHint(hint);
        using var subscription = hub.Subscribe();
        Assert.True(subscription.Hints.TryRead(out var standing));
        Assert.Equal(hint, standing);

        var text = CaptionsEndpoint.Format(hint);
        Assert.StartsWith("event: quality\ndata: ", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text["event: quality\ndata: ".Length..].Trim());
        Assert.Equal("Clipping", body.RootElement.GetProperty("reason").GetString());
        Assert.False(body.RootElement.GetProperty("ok").GetBoolean());
    }

    [SkippableFact]
    public async Task A_clipping_speaker_turns_the_condition_false_with_clipping_and_a_clean_one_turns_it_back_true()
    {
        Skip.IfNot(SpokenAudio.Available && BroadcastOperator.Speech.Engines.Local.EngineCatalog.DiscoverInstalled().Serves("en", "es"),
            "espeak-ng, sox or apertium-eng-spa is not installed");
        var settings = await world.NewSessionAsync("en", ["es"]);
        var captions = new CaptionHub();
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, captions, new WorkerMetrics(), NullLoggerFactory.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", Within);
            await using var speaker = new TestSpeaker(world, settings.SourceChannel);
            await speaker.StartAsync();
            await Eventually.TrueAsync(() => speaker.Connected, "speaker connected", Within);

            var clipped = await SpokenAudio.OpusFramesAsync("the house is very big and the garden is green", TimeSpan.FromSeconds(0.3), gain: 8);
            using var clippedSpeech = SpeakInLoop(speaker, clipped);
            await Eventually.TrueAsync(async () => await ConditionAsync(settings) is { Status: "False", Reason: "Clipping" },
                "AudioQuality=False/Clipping", Within);
            Assert.Equal("Clipping", captions.Hint?.Reason);
            Assert.Contains("lower the input gain", captions.Hint!.Hint, StringComparison.Ordinal);
            await clippedSpeech.CancelAsync();

            var clean = await SpokenAudio.OpusFramesAsync("the house is very big and the garden is green", TimeSpan.FromSeconds(0.3));
            using var cleanSpeech = SpeakInLoop(speaker, clean);
            await Eventually.TrueAsync(async () => await ConditionAsync(settings) is { Status: "True", Reason: "Good" },
                "AudioQuality=True/Good", Within);
            Assert.True(captions.Hint?.Ok);
            await cleanSpeech.CancelAsync();
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Sends the frames over and over at the real-time pace until cancelled.</summary>
    private static CancellationTokenSource SpeakInLoop(TestSpeaker speaker, IReadOnlyList<byte[]> frames)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            var next = DateTime.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                foreach (var frame in frames)
                {
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                    speaker.Send(frame);
                    next += TimeSpan.FromMilliseconds(20);
                    var wait = next - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
            }
        });
        return stop;
    }

    private async Task<V1Condition?> ConditionAsync(Options.WorkerSettings settings)
    {
        var raw = await world.Client.CustomObjects.GetNamespacedCustomObjectAsync(
            BroadcastSession.Group, BroadcastSession.Version, settings.SessionNamespace, BroadcastSession.Plural, settings.SessionName);
        var session = KubernetesJson.Deserialize<BroadcastSession>(((JsonElement)raw).GetRawText());
        return session.Status?.Conditions?.FirstOrDefault(c => c.Type == AudioQualityCondition.Type);
    }

    private static AudioQualityWindow Window(double clipping = 0, double? speech = -20) =>
        new(TimeSpan.FromSeconds(1), -20, -1, clipping, 0, 0.6, speech, -60, 40, 0, TimeSpan.Zero);
}
