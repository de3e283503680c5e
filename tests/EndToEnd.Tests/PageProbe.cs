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
        window.__recordEnvelope = (stream, frame) => {
          const context = new AudioContext({ sampleRate: 48000 });
          const processor = context.createScriptProcessor(1024, 1, 1);
          let sum = 0, count = 0;
          processor.onaudioprocess = event => {
            for (const sample of event.inputBuffer.getChannelData(0)) {
              sum += sample * sample;
              if (++count === frame) { window.__envelope.push(Math.sqrt(sum / frame)); sum = 0; count = 0; }
            }
          };
          context.createMediaStreamSource(stream).connect(processor);
          processor.connect(context.destination);
          window.__stopEnvelope = () => context.close();
        };
        """;

    /// <summary>
    /// For the speaker page: the microphone without the browser's echo cancellation, noise suppression and automatic
    /// gain control, so the comparison of what listeners hear with the file measures this system, not that processing.
    /// </summary>
    public const string UnprocessedMicrophone = """
        const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = () =>
          getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
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

    /// <summary>Records the listener's audio element for <paramref name="duration"/>; one RMS value per 20 ms.</summary>
    public static async Task<double[]> RecordEnvelopeAsync(IPage page, TimeSpan duration)
    {
        await page.EvaluateAsync("frame => window.__recordEnvelope(document.getElementById('audio').srcObject, frame)", SpeakerAudio.EnvelopeFrame);
        var frames = (int)(duration.TotalMilliseconds / 20);
        await page.WaitForFunctionAsync($"() => window.__envelope.length >= {frames}", null,
            new PageWaitForFunctionOptions { Timeout = (float)(duration.TotalMilliseconds * 3) });
        var envelope = await page.EvaluateAsync<double[]>("() => { window.__stopEnvelope(); return window.__envelope; }");
        return envelope;
    }
}
