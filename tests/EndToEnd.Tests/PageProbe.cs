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
        // page cannot drop or delay frames; __envelopeStart is the wall-clock time of the first frame's start.
        window.__recordEnvelope = async (stream, frame) => {
          const processor = `registerProcessor('rms', class extends AudioWorkletProcessor {
            constructor() { super(); this.sum = 0; this.count = 0; }
            process(inputs) {
              const channel = inputs[0][0];
              if (channel) for (const sample of channel) {
                this.sum += sample * sample;
                if (++this.count === ${frame}) { this.port.postMessage(Math.sqrt(this.sum / ${frame})); this.sum = 0; this.count = 0; }
              }
              return true;
            }
          });`;
          const context = new AudioContext({ sampleRate: 48000 });
          await context.audioWorklet.addModule(URL.createObjectURL(new Blob([processor], { type: 'application/javascript' })));
          const node = new AudioWorkletNode(context, 'rms');
          node.port.onmessage = ({ data }) => {
            if (window.__envelope.length === 0) window.__envelopeStart = Date.now() - frame / 48;
            window.__envelope.push(data);
          };
          context.createMediaStreamSource(stream).connect(node);
          node.connect(context.destination);
          window.__stopEnvelope = () => context.close();
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

    /// <summary>ICE, DTLS and connection state of each connection, for failure messages.</summary>
    public static Task<string> DescribeConnectionsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => window.__peers.map(p => `ice ${p.iceConnectionState}, dtls ${p.sctp?.transport?.state ?? p.getReceivers()[0]?.transport?.state}, `
          + `connection ${p.connectionState}, signaling ${p.signalingState}`).join('; ')
        """);

    public static Task<string[]> ConnectionStatesAsync(IPage page) =>
        page.EvaluateAsync<string[]>("() => window.__peers.map(p => p.connectionState)");

    /// <summary>
    /// Records the loudness of the speaker's microphone and of what the listener plays over the same
    /// <paramref name="duration"/>: one RMS value per 20 ms each, with the wall-clock start of each recording.
    /// </summary>
    public static async Task<(Recording Microphone, Recording Heard)> RecordBothAsync(IPage speaker, IPage listener, TimeSpan duration)
    {
        await speaker.EvaluateAsync("frame => window.__recordEnvelope(window.__microphone, frame)", SpeakerAudio.EnvelopeFrame);
        // The microphone's recording leads by a second, so it holds what the listener hears first (heard audio is delayed).
        await speaker.WaitForFunctionAsync("() => window.__envelope.length >= 50", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await listener.EvaluateAsync("frame => window.__recordEnvelope(document.getElementById('audio').srcObject, frame)", SpeakerAudio.EnvelopeFrame);
        return (await CollectAsync(speaker, duration), await CollectAsync(listener, duration));
    }

    private static async Task<Recording> CollectAsync(IPage page, TimeSpan duration)
    {
        var frames = (int)(duration.TotalMilliseconds / 20);
        await page.WaitForFunctionAsync($"() => window.__envelope.length >= {frames}", null,
            new PageWaitForFunctionOptions { Timeout = (float)(duration.TotalMilliseconds * 3) });
        var start = await page.EvaluateAsync<double>("() => { window.__stopEnvelope(); return window.__envelopeStart; }");
        var envelope = await page.EvaluateAsync<double[]>("() => window.__envelope");
        return new Recording(start, envelope);
    }
}

/// <summary>An envelope (RMS per 20 ms) and the wall-clock time, in Unix milliseconds, its first frame began.</summary>
internal sealed record Recording(double StartMs, double[] Envelope);

