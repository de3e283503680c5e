// What both pages need to notice a lost path and recover from it without a reload.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the scoped signaling credentials (and the TURN ones minted with them) are gone or about to be. */
export function credentialsExpired(access, marginMs = 15000) {
  const expiration = Date.parse(access?.credentials?.expiration ?? '');
  return Number.isFinite(expiration) && expiration - Date.now() < marginMs;
}

/** True while the connection has a working ICE path. */
export const hasPath = (pc) => pc && ['connected', 'completed'].includes(pc.iceConnectionState);

/** Audio packets received so far on pc (0 when its stats cannot be read). */
export async function packetsReceived(pc) {
  let packets = 0;
  try {
    (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived || 0; });
  } catch { /* closed */ }
  return packets;
}

/**
 * Calls lost(reason) when pc loses its path: ICE failed at once, ICE disconnected when it stays so for graceMs (a
 * disconnect can heal by itself within a ping or two), the device changed networks, or (with stallMs, for a page
 * that receives audio: the worker sends some all the time, silence included) no audio packet came for stallMs,
 * which browsers take several seconds more to call disconnected. Calls back() when audio flows again (with stallMs)
 * or ICE connects again (without). Returns a function that stops watching.
 */
export function watchPath(pc, { lost, back, graceMs = 1000, stallMs = 0 }) {
  let timer = null;
  const onIce = () => {
    clearTimeout(timer);
    if (pc.iceConnectionState === 'failed') lost('ICE failed');
    else if (pc.iceConnectionState === 'disconnected') timer = setTimeout(() => pc.iceConnectionState === 'disconnected' && lost('ICE disconnected'), graceMs);
    else if (hasPath(pc) && !stallMs) back();
  };
  const onNetwork = () => lost('network changed');
  let last = 0;
  let lastChange = Date.now();
  let stalled = false;
  const poll = stallMs ? setInterval(async () => {
    const packets = await packetsReceived(pc);
    if (packets !== last) {
      last = packets;
      lastChange = Date.now();
      if (stalled) { stalled = false; back(); }
    } else if (!stalled && packets > 0 && Date.now() - lastChange >= stallMs) {
      stalled = true;
      lost('no audio');
    }
  }, 250) : null;
  pc.addEventListener('iceconnectionstatechange', onIce);
  window.addEventListener('online', onNetwork);
  navigator.connection?.addEventListener?.('change', onNetwork);
  return () => {
    clearTimeout(timer);
    clearInterval(poll);
    pc.removeEventListener('iceconnectionstatechange', onIce);
    window.removeEventListener('online', onNetwork);
    navigator.connection?.removeEventListener?.('change', onNetwork);
  };
}

/** Resolves true once audio packets arrive on pc again (more than when called), false after timeoutMs. */
export async function audioWithin(pc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const before = await packetsReceived(pc);
  while (Date.now() < deadline && pc.connectionState !== 'closed') {
    await sleep(100);
    if (await packetsReceived(pc) > before) return true;
  }
  return false;
}

/**
 * Runs one recovery at a time: attempt(n) for n = 1, 2, … until it returns true or active() says the user stopped,
 * waiting a little longer after each failed attempt (0.5 s doubling to 8 s).
 */
export function recoverer(attempt, active) {
  let running = null;
  return () => {
    running ??= (async () => {
      try {
        for (let n = 1; active(); n++) {
          try {
            if (await attempt(n)) return;
          } catch (e) {
            console.warn('reconnect attempt failed', e);
          }
          await sleep(Math.min(8000, 500 * 2 ** (n - 1)));
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
