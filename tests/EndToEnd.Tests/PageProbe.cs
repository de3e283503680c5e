using Microsoft.Playwright;

namespace BroadcastOperator.EndToEnd.Tests;

/// <summary>What a page's WebRTC connections received, from getStats().</summary>
public sealed class ReceivedAudio
{
    public int Packets { get; set; }

    public double TotalAudioEnergy { get; set; }

    public double AudioLevel { get; set; }

    public override string ToString() => $"{Packets} packets, energy {TotalAudioEnergy:0.000}, level {AudioLevel:0.000}";
}

/// <summary>
/// Watches the pages from inside: an init script keeps every RTCPeerConnection the page (the KVS SDK's user code)
/// creates, so the test can read getStats() and connection states, and can record the loudness envelope of the
/// audio a listener plays.
/// </summary>
internal static class PageProbe
{
    public const string InitScript = """
        window.__peers = [];
        const NativePeerConnection = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends NativePeerConnection {
          constructor(...args) { super(...args); window.__peers.push(this); }
        };
        window.__envelope = [];
        // Loudness of a stream, one RMS value per frame, computed on the audio thread (an AudioWorklet) so a busy
        // page cannot drop or delay frames. The worklet also stamps the first frame's start in the context's own
        // clock; __stopEnvelope turns that into wall-clock time through getOutputTimestamp(), which pairs the
        // context clock with the page's performance clock at one instant, so a main thread busy when the first
        // frame's message arrives (a loaded CI machine) cannot shift the recording's start.
        window.__recordEnvelope = async (stream, frame) => {
          const processor = `registerProcessor('rms', class extends AudioWorkletProcessor {
            constructor() { super(); this.sum = 0; this.count = 0; this.first = true; }
            process(inputs) {
              const channel = inputs[0][0];
              if (channel) for (let i = 0; i < channel.length; i++) {
                if (this.first) { this.port.postMessage({ startContextTime: currentTime + i / sampleRate }); this.first = false; }
                this.sum += channel[i] * channel[i];
                if (++this.count === ${frame}) { this.port.postMessage(Math.sqrt(this.sum / ${frame})); this.sum = 0; this.count = 0; }
              }
              return true;
            }
          });`;
          const context = new AudioContext({ sampleRate: 48000 });
          await context.audioWorklet.addModule(URL.createObjectURL(new Blob([processor], { type: 'application/javascript' })));
          const node = new AudioWorkletNode(context, 'rms');
          let startContextTime, messageClockStart;
          node.port.onmessage = ({ data }) => {
            if (typeof data === 'object') { startContextTime = data.startContextTime; messageClockStart = Date.now(); return; }
            window.__envelope.push(data);
          };
          context.createMediaStreamSource(stream).connect(node);
          node.connect(context.destination);
          window.__stopEnvelope = () => {
            const stamp = context.getOutputTimestamp();
            context.close();
            if (stamp.performanceTime > 0 && startContextTime !== undefined) {
              return { clock: 'audio', startMs: performance.timeOrigin + stamp.performanceTime + (startContextTime - stamp.contextTime) * 1000 };
            }
            // No output timestamp (the context never reached its device): when the first frame's message arrived.
            return { clock: 'message', startMs: messageClockStart };
          };
        };
        """;

    /// <summary>
    /// For the speaker page: the microphone without the browser's echo cancellation, noise suppression and automatic
    /// gain control, so the comparison of what listeners hear with the file measures this system, not that processing.
    /// </summary>
    public const string UnprocessedMicrophone = """
        const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async () => window.__microphone =
          await getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
        """;

    public static Task<ReceivedAudio> ReceivedAsync(IPage page) => page.EvaluateAsync<ReceivedAudio>("""
        async () => {
          const received = { packets: 0, totalAudioEnergy: 0, audioLevel: 0 };
          for (const peer of window.__peers) {
            (await peer.getStats()).forEach(s => {
              if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                received.packets += s.packetsReceived || 0;
                received.totalAudioEnergy += s.totalAudioEnergy || 0;
                received.audioLevel = Math.max(received.audioLevel, s.audioLevel || 0);
              }
            });
          }
          return received;
        }
        """);

    /// <summary>How the page's inbound audio played out: losses, concealment and the jitter buffer's mean delay.</summary>
    public static Task<string> DescribePlayoutAsync(IPage page) => page.EvaluateAsync<string>("""
        async () => {
          const lines = [];
          for (const peer of window.__peers) {
            (await peer.getStats()).forEach(s => {
              if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                const jitterMs = s.jitterBufferEmittedCount ? 1000 * s.jitterBufferDelay / s.jitterBufferEmittedCount : 0;
                lines.push(`${s.packetsReceived} packets, ${s.packetsLost} lost, ${s.concealedSamples} of ${s.totalSamplesReceived} samples `
                  + `concealed, jitter buffer ${jitterMs.toFixed(0)} ms`);
              }
            });
          }
          return lines.join('; ');
        }
        """);

    /// <summary>ICE, DTLS and connection state of each connection, for failure messages.</summary>
    public static Task<string> DescribeConnectionsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => window.__peers.map(p => `ice ${p.iceConnectionState}, dtls ${p.sctp?.transport?.state ?? p.getReceivers()[0]?.transport?.state}, `
          + `connection ${p.connectionState}, signaling ${p.signalingState}`).join('; ')
        """);

    /// <summary>
    /// Waits until <paramref name="selector"/>'s text includes <paramref name="text"/>; the timeout says what it and
    /// the page's status showed instead.
    /// </summary>
    public static async Task WaitForTextAsync(IPage page, string selector, string text, TimeSpan within)
    {
        try
        {
            await page.WaitForFunctionAsync("([s, t]) => document.querySelector(s)?.textContent.includes(t)", new object[] { selector, text },
                new() { Timeout = (float)within.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{selector} never showed '{text}'; it shows '{await page.TextContentAsync(selector)}' "
                + $"(status: '{await page.TextContentAsync("#status")}')");
        }
    }

    public static Task<string[]> ConnectionStatesAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => window.__peers.map(p => p.connectionState)");

    /// <summary>
    /// Records the loudness of the speaker's microphone and of what the listener plays: one RMS value per 20 ms each,
    /// with the wall-clock start of each recording. The microphone's recording starts a second earlier and ends
    /// after the listener's <paramref name="heardDuration"/>, so it holds everything the listener heard.
    /// </summary>
    public static async Task<(Recording Microphone, Recording Heard)> RecordBothAsync(IPage speaker, IPage listener, TimeSpan heardDuration)
    {
        await speaker.EvaluateAsync("frame => window.__recordEnvelope(window.__microphone, frame)", SpeakerAudio.EnvelopeFrame);
        await speaker.WaitForFunctionAsync("() => window.__envelope.length >= 50", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await listener.EvaluateAsync("frame => window.__recordEnvelope(document.getElementById('audio').srcObject, frame)", SpeakerAudio.EnvelopeFrame);
        var heard = await CollectAsync(listener, heardDuration);
        return (await CollectAsync(speaker, heardDuration), heard);
    }

    private static async Task<Recording> CollectAsync(IPage page, TimeSpan duration)
    {
        var frames = (int)(duration.TotalMilliseconds / 20);
        await page.WaitForFunctionAsync($"() => window.__envelope.length >= {frames}", null,
            new PageWaitForFunctionOptions { Timeout = (float)(duration.TotalMilliseconds * 3) });
        var start = await page.EvaluateAsync<RecordingStart>("() => window.__stopEnvelope()");
        var envelope = await page.EvaluateAsync<double[]>("() => window.__envelope");
        return new Recording(start.StartMs, envelope, start.Clock);
    }
}

/// <summary>
/// An envelope (RMS per 20 ms), the wall-clock time in Unix milliseconds its first frame began, and which clock
/// told that time ("audio": the context's clock; "message": when the page heard of the first frame).
/// </summary>
internal sealed record Recording(double StartMs, double[] Envelope, string Clock);

internal sealed class RecordingStart
{
    public string Clock { get; set; } = "";

    public double StartMs { get; set; }
}

