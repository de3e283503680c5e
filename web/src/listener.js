// Listener page: pick a language of a session, join as a VIEWER of that language's channel (the
// worker is its MASTER), play the audio and show the captions. A lost path is recovered in place:
// ICE restart over the same signaling channel first (the worker keeps the connection), a fresh join
// when the credentials expired or restarts do not bring the path back; the page says "Reconnecting…".
import { call } from './api.js';
import { followCaptions } from './captions.js';
import { audioWithin, credentialsExpired, recoverer, watchPath } from './reconnect.js';
import { openSignaling, rtcConfiguration } from './signaling.js';
import { byId, languageName, setStatus, tokenStore } from './ui.js';

// Restarts tried before giving up on the current connection and joining afresh.
const RESTARTS_BEFORE_REJOIN = 3;
const RESTART_TIMEOUT_MS = 8000;
// No audio packet for this long is a lost path: the worker sends every 20 ms, silence included.
const STALL_MS = 1500;

const state = { playing: false, join: null, access: null, pc: null, signaling: null, stops: [], peerStops: [] };
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
  state.playing = true;
  setPlaying(true);
  state.join = () => call('POST', `/sessions/${encodeURIComponent(id)}/join`, { token: token || undefined, body: { language: byId('language').value } });
  try {
    setStatus('Joining…');
    state.access = await state.join();
    state.stops.push(followCaptions(state.access.captionsUrl, byId('captions'), (s) => { byId('captions-state').textContent = s; }, state.access.language));
    await connectSignaling();
    setStatus('Connecting audio…');
    await startPeer();
    watchReception();
  } catch (e) {
    setStatus(e.message, 'error');
    await stop();
  }
}

async function connectSignaling() {
  const { client, opened } = openSignaling(state.access);
  state.signaling = client;
  client.on('sdpAnswer', (answer) => {
    // A late answer to an offer already replaced is of no use: only the current offer's answer is applied.
    if (state.pc?.signalingState === 'have-local-offer') state.pc.setRemoteDescription(answer).catch((e) => console.warn('answer not applied', e));
  });
  client.on('iceCandidate', (candidate) => state.pc?.addIceCandidate(candidate).catch(() => {}));
  client.on('close', () => {
    if (state.signaling !== client) return;
    state.signaling = null;
    recover(); // the answer to a restart needs signaling; the path itself may still be fine
  });
  await opened;
}

async function startPeer() {
  const pc = state.pc = new RTCPeerConnection(rtcConfiguration(state.access));
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = ({ streams: [stream], track }) => {
    const audio = byId('audio');
    audio.srcObject = stream || new MediaStream([track]);
    audio.play().catch((e) => setStatus(`Press Play again to allow audio (${e.message})`, 'error'));
  };
  pc.onicecandidate = ({ candidate }) => candidate && state.signaling?.sendIceCandidate(candidate);
  state.peerStops.push(watchPath(pc, { lost: () => recover(), back: () => reconnected(), stallMs: STALL_MS }));
  await pc.setLocalDescription(await pc.createOffer());
  state.signaling.sendSdpOffer(pc.localDescription);
}

const recover = recoverer(async (attempt) => {
  setStatus(attempt === 1 ? 'Reconnecting…' : `Reconnecting… (attempt ${attempt})`, 'reconnecting');
  if (credentialsExpired(state.access) || attempt > RESTARTS_BEFORE_REJOIN) {
    await rejoin();
  } else {
    if (!state.signaling) await connectSignaling();
    if (await audioWithin(state.pc, 500)) return reconnected(); // signaling was all that broke
    // ICE restart: new credentials over the same DTLS association, answered by the worker on the same channel.
    await state.pc.setLocalDescription(await state.pc.createOffer({ iceRestart: true }));
    state.signaling.sendSdpOffer(state.pc.localDescription);
  }
  return await audioWithin(state.pc, RESTART_TIMEOUT_MS) && reconnected();
}, () => state.playing);

// A fresh join: new credentials and client id, so a new connection (the worker drops the old one when its consent lapses).
async function rejoin() {
  closePeer();
  state.access = await state.join();
  await connectSignaling();
  await startPeer();
}

function reconnected() {
  if (state.playing) setStatus('Playing.', 'live');
  return true;
}

// Shows what arrives, so a listener can tell silence from a broken connection.
function watchReception() {
  const timer = setInterval(async () => {
    const stats = await state.pc?.getStats();
    stats?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        byId('received').textContent = `${report.packetsReceived} packets`;
      }
    });
  }, 1000);
  state.stops.push(() => clearInterval(timer));
}

function closePeer() {
  state.peerStops.splice(0).forEach((stopOne) => stopOne());
  state.pc?.close();
  state.pc = null;
  const signaling = state.signaling;
  state.signaling = null;
  signaling?.close();
}

async function stop() {
  state.playing = false;
  state.stops.splice(0).forEach((stopOne) => stopOne());
  closePeer();
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
