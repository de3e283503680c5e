namespace BroadcastOperator.WebRtc.Tests.Browser;

/// <summary>The page Chromium runs: an RTCPeerConnection with the fake microphone, driven from the test.</summary>
internal static class TestPage
{
    public const string Url = "http://localhost:8199/webrtc.html";

    public const string Html = """
        <!doctype html>
        <html><body>
        <script>
        window.pc = null;
        const mic = () => navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
        const play = pc => pc.ontrack = e => {
          const audio = document.createElement('audio');
          audio.autoplay = true;
          audio.srcObject = new MediaStream([e.track]);
          document.body.appendChild(audio);
          audio.play().catch(() => {});
        };
        const gathered = pc => pc.iceGatheringState === 'complete' ? Promise.resolve() : new Promise(resolve => {
          pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
          setTimeout(resolve, 3000);
        });
        window.browserOffer = async () => {
          const pc = window.pc = new RTCPeerConnection();
          play(pc);
          const stream = await mic();
          stream.getTracks().forEach(t => pc.addTrack(t, stream));
          await pc.setLocalDescription(await pc.createOffer());
          await gathered(pc);
          return pc.localDescription.sdp;
        };
        window.restartOffer = async () => {
          await window.pc.setLocalDescription(await window.pc.createOffer({ iceRestart: true }));
          await gathered(window.pc);
          return window.pc.localDescription.sdp;
        };
        window.acceptAnswer = async sdp => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); };
        window.answerOffer = async sdp => {
          const pc = window.pc = new RTCPeerConnection();
          play(pc);
          await pc.setRemoteDescription({ type: 'offer', sdp });
          const stream = await mic();
          stream.getTracks().forEach(t => pc.addTrack(t, stream));
          await pc.setLocalDescription(await pc.createAnswer());
          await gathered(pc);
          return pc.localDescription.sdp;
        };
        window.connectionState = () => window.pc ? window.pc.connectionState : 'none';
        window.inboundAudio = async () => {
          let found = { packetsReceived: 0, audioLevel: 0 };
          (await window.pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio') found = { packetsReceived: s.packetsReceived || 0, audioLevel: s.audioLevel || 0 };
          });
          return found;
        };
        </script>
        </body></html>
        """;
}
