// Speaker page: sign in with a token, pick languages, start a session, send the microphone to the
// session's worker (the speaker is MASTER of the source channel), watch level, captions and listeners.
// A lost path is recovered in place: a closed signaling socket is opened again (with fresh credentials
// when they expired), and while the worker's connection has no path the page says "Reconnecting…"; the
// worker offers again on its own once the old connection's consent lapses, and that offer is answered.
import { call, whenReady } from './api.js';
import { showArchive, showPastSessions } from './archive.js';
import { followCaptions } from './captions.js';
import { meterLevel } from './level-meter.js';
import { credentialsExpired, hasPath, recoverer, watchPath } from './reconnect.js';
import { openSignaling, rtcConfiguration } from './signaling.js';
import { byId, languageName, setStatus, tokenStore } from './ui.js';

const state = { session: null, stream: null, signaling: null, access: null, credentials: null, peers: new Map(), stops: [] };

function selectedTargets() {
  return [...document.querySelectorAll('input[name="target"]:checked')].map((box) => box.value);
}

async function start(event) {
  event.preventDefault();
  const token = byId('token').value.trim();
  const source = byId('source').value;
  const targets = selectedTargets().filter((t) => t !== source);
  if (!token) return setStatus('Paste your token first.', 'error');
  if (targets.length === 0) return setStatus('Pick at least one language to translate into.', 'error');
  tokenStore.set(token);
  setRunning(true);
  try {
    setStatus('Asking for the microphone…');
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    state.stops.push(meterLevel(state.stream, byId('level'), byId('level-text')));

    setStatus('Creating the session…');
    state.session = await call('POST', '/sessions', { token, body: { sourceLanguage: source, targetLanguages: targets } });
    showSession(state.session);
    pollSession(token);

    setStatus('Waiting for the session to be ready…');
    state.credentials = () => call('POST', `/sessions/${state.session.id}/speaker-credentials`, { token });
    const access = state.access = await whenReady(state.credentials,
      { onWait: (why) => setStatus(`Waiting for the session to be ready… (${why})`) });
    state.stops.push(followCaptions(access.captionsUrl, byId('captions'), (s) => { byId('captions-state').textContent = s; }, access.language,
      showAudioQuality));
    await connect(access);
    onAir();
  } catch (e) {
    setStatus(e.message, 'error');
    await stop();
  }
}

// The worker's hint about the microphone ("Your microphone is clipping — lower the input gain"), hidden once it is ok.
function showAudioQuality(quality) {
  const hint = byId('audio-quality');
  hint.hidden = !!quality.ok || !quality.hint;
  hint.textContent = quality.ok ? '' : quality.hint;
  hint.title = quality.message || '';
  hint.dataset.reason = quality.reason || '';
}

async function connect(access) {
  const { client, opened } = openSignaling(access);
  state.signaling = client;
  // Every viewer of the source channel (the session's worker) offers; the speaker answers with the microphone.
  client.on('sdpOffer', async (offer, remoteId) => {
    state.peers.get(remoteId)?.close();
    const pc = new RTCPeerConnection(rtcConfiguration(state.access));
    state.peers.set(remoteId, pc);
    state.stream.getAudioTracks().forEach((track) => pc.addTrack(track, state.stream));
    pc.onicecandidate = ({ candidate }) => candidate && state.signaling?.sendIceCandidate(candidate, remoteId);
    pc.onconnectionstatechange = () => { updatePeers(); if (pc.connectionState === 'closed') stopWatching(); };
    const stopWatching = watchPath(pc, { lost: () => state.session && setStatus('Reconnecting… (waiting for the worker)', 'reconnecting'), back: onAir });
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    client.sendSdpAnswer(pc.localDescription, remoteId);
    updatePeers();
  });
  client.on('iceCandidate', (candidate, remoteId) => state.peers.get(remoteId)?.addIceCandidate(candidate).catch(() => {}));
  client.on('close', () => {
    if (state.signaling !== client || !state.session) return;
    state.signaling = null;
    reopenSignaling();
  });
  await opened;
}

// The microphone's connection does not need signaling while it has a path; the next offer of the worker does.
const reopenSignaling = recoverer(async () => {
  setStatus('Reconnecting… (signaling)', 'reconnecting');
  if (credentialsExpired(state.access)) state.access = await state.credentials();
  await connect(state.access);
  onAir();
  return true;
}, () => !!state.session);

function onAir() {
  const paths = [...state.peers.values()].some(hasPath);
  if (!state.session || !state.signaling) return;
  if (paths || state.peers.size === 0) setStatus('On air: your microphone is live.', 'live');
  else setStatus('Reconnecting… (waiting for the worker)', 'reconnecting');
}

function updatePeers() {
  const connected = [...state.peers.values()].filter((pc) => pc.connectionState === 'connected').length;
  byId('peers').textContent = connected === 0 ? 'waiting for the worker' : `${connected} connected`;
}

function pollSession(token) {
  const timer = setInterval(async () => {
    if (!state.session) return;
    try {
      showSession(await call('GET', `/sessions/${state.session.id}`, { token }));
    } catch { /* the next poll retries */ }
  }, 2000);
  state.stops.push(() => clearInterval(timer));
}

function showSession(session) {
  byId('session-id').textContent = session.id;
  byId('phase').textContent = session.phase;
  byId('listener-count').textContent = String(session.listenerCount ?? 0);
  const link = byId('listener-link');
  link.href = `listener.html?session=${encodeURIComponent(session.id)}`;
  link.hidden = false;
  const perLanguage = byId('per-language');
  perLanguage.replaceChildren(...(session.languages || []).map((l) => {
    const item = document.createElement('li');
    item.textContent = `${languageName(l.language)}: ${l.listeners}`;
    return item;
  }));
}

async function stop() {
  const session = state.session;
  state.session = null;
  state.stops.splice(0).forEach((stopOne) => stopOne());
  state.peers.forEach((pc) => pc.close());
  state.peers.clear();
  state.signaling?.close();
  state.signaling = null;
  state.stream?.getTracks().forEach((track) => track.stop());
  state.stream = null;
  setRunning(false);
  if (session) {
    try {
      const token = byId('token').value.trim();
      await call('DELETE', `/sessions/${session.id}`, { token });
      setStatus(`Session ${session.id} ended.`);
      byId('archive').hidden = false;
      await showArchive(session.id, token, byId('archive-files'), { onState: (s) => { byId('archive-state').textContent = s; } });
    } catch (e) {
      setStatus(`Stopped, but the session could not be deleted: ${e.message}`, 'error');
    }
  }
}

function setRunning(running) {
  byId('start').disabled = running;
  byId('stop').disabled = !running;
  byId('settings').disabled = running;
  (running ? byId('stop') : byId('start')).focus();
}

byId('token').value = tokenStore.get();
byId('start-form').addEventListener('submit', start);
byId('stop').addEventListener('click', stop);
byId('past').addEventListener('click', () => {
  byId('archive').hidden = false;
  const onState = (s) => { byId('archive-state').textContent = s; };
  showPastSessions(byId('token').value.trim(), byId('past-sessions'), byId('archive-files'), onState).catch((e) => onState(e.message));
});
window.addEventListener('pagehide', () => { if (state.session) stop(); });
