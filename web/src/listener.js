// Listener page: pick a language of a session, join as a VIEWER of that language's channel (the
// worker is its MASTER), play the audio and show the captions.
import { call } from './api.js';
import { followCaptions } from './captions.js';
import { openSignaling, rtcConfiguration } from './signaling.js';
import { byId, languageName, setStatus, tokenStore } from './ui.js';

const state = { pc: null, signaling: null, stops: [] };
const params = new URLSearchParams(location.search);

async function loadSession() {
  const id = byId('session').value.trim();
  if (!id) return;
  try {
    const session = await call('GET', `/sessions/${encodeURIComponent(id)}`, { token: byId('token').value.trim() || undefined });
    const select = byId('language');
    select.replaceChildren(...session.languages.map((l) => new Option(languageName(l.language), l.language)));
    const wanted = params.get('language') || navigator.language?.slice(0, 2);
    if (session.languages.some((l) => l.language === wanted)) select.value = wanted;
    byId('play').disabled = false;
    setStatus(`Session ${session.id}: ${session.phase}. Pick a language and press Play.`);
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

async function play(event) {
  event.preventDefault();
  await stop();
  const id = byId('session').value.trim();
  const token = byId('token').value.trim();
  if (token) tokenStore.set(token);
  setPlaying(true);
  try {
    setStatus('Joining…');
    const access = await call('POST', `/sessions/${encodeURIComponent(id)}/join`, { token: token || undefined, body: { language: byId('language').value } });
    state.stops.push(followCaptions(access.captionsUrl, byId('captions'), (s) => { byId('captions-state').textContent = s; }, access.language));
    const { client, opened } = openSignaling(access);
    state.signaling = client;
    const pc = state.pc = new RTCPeerConnection(rtcConfiguration(access));
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = ({ streams: [stream], track }) => {
      const audio = byId('audio');
      audio.srcObject = stream || new MediaStream([track]);
      audio.play().catch((e) => setStatus(`Press Play again to allow audio (${e.message})`, 'error'));
    };
    pc.onicecandidate = ({ candidate }) => candidate && client.sendIceCandidate(candidate);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') setStatus('The audio connection failed. Press Play to retry.', 'error');
    };
    client.on('sdpAnswer', (answer) => pc.setRemoteDescription(answer));
    client.on('iceCandidate', (candidate) => pc.addIceCandidate(candidate).catch(() => {}));
    await opened;
    setStatus('Connecting audio…');
    await pc.setLocalDescription(await pc.createOffer());
    client.sendSdpOffer(pc.localDescription);
    watchReception(pc);
  } catch (e) {
    setStatus(e.message, 'error');
    await stop();
  }
}

// Shows what arrives, so a listener can tell silence from a broken connection.
function watchReception(pc) {
  const timer = setInterval(async () => {
    const stats = await pc.getStats();
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        byId('received').textContent = `${report.packetsReceived} packets`;
      }
    });
  }, 1000);
  state.stops.push(() => clearInterval(timer));
}

async function stop() {
  state.stops.splice(0).forEach((stopOne) => stopOne());
  state.pc?.close();
  state.pc = null;
  state.signaling?.close();
  state.signaling = null;
  const audio = byId('audio');
  audio.pause();
  audio.srcObject = null;
  setPlaying(false);
}

function setPlaying(playing) {
  byId('play').disabled = playing;
  byId('stop').disabled = !playing;
}

byId('audio').addEventListener('playing', () => setStatus('Playing.', 'live'));
byId('token').value = tokenStore.get();
byId('session').value = params.get('session') || '';
byId('session').addEventListener('change', loadSession);
// A session may be readable with a token only: load it again once one is entered.
byId('token').addEventListener('change', loadSession);
byId('join-form').addEventListener('submit', play);
byId('stop').addEventListener('click', async () => { await stop(); setStatus('Stopped.'); byId('play').focus(); });
loadSession();
