using System.Globalization;
using System.Text.RegularExpressions;
using BroadcastOperator.Aws;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.MediaWorker.Hosting;
using BroadcastOperator.WebRtc.Peer;
using Microsoft.Extensions.Logging.Abstractions;

namespace BroadcastOperator.MediaWorker.Tests;

/// <summary>A crowd joins at once while signaling holds the worker's MASTER connection to a trickle of messages.</summary>
[Collection(SessionCollection.Name)]
public sealed class ThrottledSignalingTests(SessionFixture world)
{
    private const int Crowd = 20;

    [Fact]
    public async Task Every_listener_of_a_crowd_gets_its_answer_though_signaling_refuses_most_of_them_at_first()
    {
        // 2 messages a second, 2 saved up: of 20 answers sent at once, 2 get through and 18 are refused.
        await using var signaling = await world.StartSignalingAsync(new Dictionary<string, string?>
        {
            ["Signaling:MessagesPerSecond"] = "2",
            ["Signaling:MessageBurst"] = "2",
            // A master's allowance grows with its viewers: none here, so the crowd meets the tiny base rate.
            ["Signaling:MasterMessagesPerSecondPerViewer"] = "0",
            ["Signaling:MasterMessageBurstPerViewer"] = "0",
        });
        var settings = await world.NewSessionAsync("en", ["es"], maxListeners: Crowd + 5, translate: false, signaling: signaling.Endpoint);
        var worker = new WorkerHost(settings, new StaticCredentialsSource(SessionFixture.Operator), world.Client, new CaptionHub(), new WorkerMetrics(),
            NullLoggerFactory.Instance);
        await worker.StartAsync(CancellationToken.None);
        var listeners = new List<TestListener>();
        try
        {
            await Eventually.TrueAsync(() => worker.Ready, "worker ready", TimeSpan.FromSeconds(20));
            var retriesBefore = await CounterAsync("broadcast_worker_signaling_retries_total", "en");
            var givenUpBefore = await CounterAsync("broadcast_worker_signaling_given_up_total", "en");
            var channel = settings.LanguageChannels.Single(c => c.Language == "en");
            listeners.AddRange(Enumerable.Range(0, Crowd).Select(i => new TestListener(world, channel, $"crowd-{i}")));

            await Task.WhenAll(listeners.Select(l => l.StartAsync()));

            // 20 answers at 2 a second take 10 s at best; the offer's lifetime (30 s) leaves room for the backoff's slack.
            await Task.WhenAny(Eventually.TrueAsync(() => listeners.All(l => l.Answered), "every listener answered", settings.OfferLifetime));
            Assert.True(listeners.All(l => l.Answered),
                $"{listeners.Count(l => l.Answered)} of {Crowd} listeners got an answer: {string.Join(", ", listeners.Where(l => !l.Answered).Select(l => l.ClientId))} never did");
            await Eventually.TrueAsync(() => listeners.All(l => l.Peer.State == PeerConnectionState.Connected), "every listener connected",
                TimeSpan.FromSeconds(20));
            Assert.True(await CounterAsync("broadcast_worker_signaling_retries_total", "en") > retriesBefore, "the worker re-sent no answer");
            Assert.Equal(givenUpBefore, await CounterAsync("broadcast_worker_signaling_given_up_total", "en"));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<double> CounterAsync(string name, string language)
    {
        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var match = Regex.Match(System.Text.Encoding.UTF8.GetString(text.ToArray()), $$"""^{{name}}\{language="{{language}}"\} (\S+)$""", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
