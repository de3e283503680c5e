// Small helpers shared by both pages.

export const byId = (id) => document.getElementById(id);

/** Writes the status line (an aria-live region) and marks errors for styling. */
export function setStatus(text, kind = 'info') {
  const status = byId('status');
  status.textContent = text;
  status.dataset.kind = kind;
}

/** The token survives a reload of the tab, never the browser session. */
export const tokenStore = {
  get: () => sessionStorage.getItem('broadcast-token') || '',
  set: (token) => sessionStorage.setItem('broadcast-token', token),
};

export const languageName = (tag) => {
  try { return new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(tag) || tag; } catch { return tag; }
};
