// What both pages need to notice a lost path and recover from it without a reload.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the scoped signaling credentials (and the TURN ones minted with them) are gone or about to be. */
export function credentialsExpired(access, marginMs = 15000) {
  const expiration = Date.parse(access?.credentials?.expiration ?? '');
  return Number.isFinite(expiration) && expiration - Date.now() < marginMs;
}

/** True while the connection has a working ICE path. */
export const hasPath = (pc) => pc && ['connected', 'completed'].includes(pc.iceConnectionState);

/**
 * Calls lost(reason) when pc loses its path: ICE failed at once, ICE disconnected when it stays so for graceMs (a
 * disconnect can heal by itself within a ping or two), or the device changed networks. Calls back() when ICE is
 * connected again. Returns a function that stops watching.
 */
export function watchPath(pc, { lost, back, graceMs = 1000 }) {
  let timer = null;
  const onIce = () => {
    clearTimeout(timer);
    if (pc.iceConnectionState === 'failed') lost('ICE failed');
    else if (pc.iceConnectionState === 'disconnected') timer = setTimeout(() => pc.iceConnectionState === 'disconnected' && lost('ICE disconnected'), graceMs);
    else if (hasPath(pc)) back();
  };
  const onNetwork = () => lost('network changed');
  pc.addEventListener('iceconnectionstatechange', onIce);
  window.addEventListener('online', onNetwork);
  navigator.connection?.addEventListener?.('change', onNetwork);
  return () => {
    clearTimeout(timer);
    pc.removeEventListener('iceconnectionstatechange', onIce);
    window.removeEventListener('online', onNetwork);
    navigator.connection?.removeEventListener?.('change', onNetwork);
  };
}

/** Resolves true once pc has a path again, false after timeoutMs. */
export function pathWithin(pc, timeoutMs) {
  if (hasPath(pc)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok) => { clearTimeout(timer); pc.removeEventListener('iceconnectionstatechange', onChange); resolve(ok); };
    const onChange = () => { if (hasPath(pc)) done(true); else if (pc.connectionState === 'closed') done(false); };
    const timer = setTimeout(() => done(false), timeoutMs);
    pc.addEventListener('iceconnectionstatechange', onChange);
  });
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
