// Live captions from the worker's Server-Sent Events stream. Each event's data is JSON such as
// {"language":"es","text":"hola","final":true}; a partial replaces the previous partial, a final stays.
// Plain-text data is shown as a final caption.

const KEPT = 50;

export function followCaptions(url, list, onState) {
  const source = new EventSource(url);
  let partial = null;
  const show = (data) => {
    let caption;
    try { caption = JSON.parse(data); } catch { caption = { text: data, final: true }; }
    if (!caption || typeof caption.text !== 'string' || caption.text.trim() === '') return;
    if (!partial) {
      partial = document.createElement('li');
      partial.className = 'caption partial';
      list.append(partial);
    }
    partial.textContent = caption.text;
    if (caption.language) partial.lang = caption.language;
    if (caption.final !== false) {
      partial.className = 'caption final';
      partial = null;
    }
    while (list.children.length > KEPT) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  };
  source.onmessage = (e) => show(e.data);
  source.addEventListener('caption', (e) => show(e.data));
  source.onopen = () => onState?.('Captions connected');
  source.onerror = () => onState?.(source.readyState === EventSource.CLOSED ? 'Captions unavailable' : 'Captions reconnecting…');
  return () => source.close();
}
