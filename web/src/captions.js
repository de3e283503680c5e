// Live captions from the worker's Server-Sent Events stream (src/MediaWorker/Captions/CaptionsEndpoint.cs):
// `event: partial|final` with JSON data {phraseId, language, source, text, final}. A partial replaces the
// previous partial of its language; a final stays. Captions in the source language that reach a listener of
// another language are shown smaller, as the original.

const KEPT = 50;

// `event: quality` carries the worker's verdict on the speaker's audio ({ok, reason, hint, message}); onQuality
// gets each one (the standing verdict first), so the speaker page can show the hint and clear it when ok.
// EventSource reconnects by itself after a dropped stream, but not after a refused one (SessionApi answers 503 while
// the worker does not serve captions yet, as when the page follows a session that has just become ready): then the
// stream is opened again after a growing pause, up to RETRIES times.
const RETRIES = 20;

export function followCaptions(url, list, onState, language, onQuality) {
  const partials = new Map();
  const show = (data) => {
    let caption;
    try { caption = JSON.parse(data); } catch { caption = { text: data, final: true }; }
    if (!caption || typeof caption.text !== 'string' || caption.text.trim() === '') return;
    const key = caption.language || '';
    let item = partials.get(key);
    if (!item) {
      item = document.createElement('li');
      list.append(item);
      partials.set(key, item);
    }
    const original = language && caption.language && caption.language !== language;
    item.textContent = caption.text;
    if (caption.language) item.lang = caption.language;
    item.className = `caption ${caption.final === false ? 'partial' : 'final'}${original ? ' original' : ''}`;
    if (caption.final !== false) partials.delete(key);
    while (list.children.length > KEPT) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  };
  let source = null;
  let retry = null;
  let attempts = 0;
  const open = () => {
    source = new EventSource(url);
    source.addEventListener('quality', (e) => {
      try { onQuality?.(JSON.parse(e.data)); } catch { /* a malformed hint is ignored */ }
    });
    for (const type of ['message', 'partial', 'final', 'caption']) source.addEventListener(type, (e) => show(e.data));
    source.onopen = () => { attempts = 0; onState?.('Captions connected'); };
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return onState?.('Captions reconnecting…');
      if (++attempts > RETRIES) return onState?.('Captions unavailable');
      onState?.('Captions reconnecting…');
      retry = setTimeout(open, Math.min(10000, 500 * 2 ** (attempts - 1)));
    };
  };
  open();
  return () => { clearTimeout(retry); source.close(); };
}
