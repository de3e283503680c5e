// The files of a finished session, for download: GET /sessions/{id}/archive lists them. Local files need the token,
// so they are fetched and handed to the browser as a blob; in AWS mode the list carries presigned S3 URLs instead.
import { ApiError, call } from './api.js';
import { languageName } from './ui.js';

const kinds = { audio: 'Audio', captions: 'Captions', phrases: 'Phrases' };

/** Waits (up to timeoutMs) for the archive to be complete, then lists its files in listElement. */
export async function showArchive(sessionId, token, listElement, { timeoutMs = 90000, onState } = {}) {
  const deadline = Date.now() + timeoutMs;
  let archive = null;
  for (;;) {
    try {
      archive = await call('GET', `/sessions/${encodeURIComponent(sessionId)}/archive`, { token });
    } catch (e) {
      // 404: the worker has not written its manifest yet (or keeps no archive).
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
    }
    if (archive?.complete || Date.now() > deadline) break;
    onState?.('Waiting for the archive to be written…');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  if (!archive) {
    onState?.('This session kept no archive.');
    listElement.replaceChildren();
    return null;
  }
  onState?.(archive.complete ? `${archive.files.length} files` : `${archive.files.length} files (the archive was not completed)`);
  listElement.replaceChildren(...archive.files.map((file) => fileItem(file, token)));
  return archive;
}

/** The caller's past sessions (GET /sessions?state=ended), each opening its files. */
export async function showPastSessions(token, listElement, filesElement, onState) {
  const ended = await call('GET', '/sessions?state=ended', { token });
  listElement.replaceChildren(...ended.map((session) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = `${session.id} — ${new Date(session.startedAt).toLocaleString()} (${session.files} files)`;
    button.addEventListener('click', () => showArchive(session.id, token, filesElement, { timeoutMs: 0, onState })
      .catch((e) => onState?.(e.message)));
    item.append(button);
    return item;
  }));
  if (ended.length === 0) onState?.('No past sessions yet.');
}

function fileItem(file, token) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.textContent = file.name;
  link.href = file.url;
  link.download = file.name;
  if (!/^https?:/i.test(file.url)) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      download(file, token).catch((e) => { item.dataset.error = e.message; link.title = e.message; });
    });
  }
  const what = [kinds[file.kind] || file.kind, file.language && languageName(file.language), size(file.bytes),
    file.durationSeconds ? `${Math.round(file.durationSeconds)} s` : null].filter(Boolean).join(', ');
  item.append(link, ` — ${what}`);
  return item;
}

async function download(file, token) {
  const response = await fetch(file.url, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError(`Download failed (${response.status})`, response.status);
  const url = URL.createObjectURL(await response.blob());
  const save = document.createElement('a');
  save.href = url;
  save.download = file.name;
  save.click();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function size(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}
