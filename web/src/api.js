// SessionApi calls of the pages. Errors come back as RFC 7807 problem details; they are turned into
// one readable sentence for the status line.

export class ApiError extends Error {
  constructor(message, status, retryAfterSeconds) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(`Cannot reach the server (${e.message})`, 0);
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    throw new ApiError(describeProblem(response.status, json), response.status, Number(response.headers.get('Retry-After')) || undefined);
  }
  return json;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

function describeProblem(status, problem) {
  if (status === 401) return 'The token was not accepted: paste a valid token (make token SUB=you ROLE=speaker).';
  if (status === 403) return problem?.detail || 'This token may not do that.';
  const fieldErrors = problem?.errors ? Object.values(problem.errors).flat().join(' ') : '';
  return [problem?.title, problem?.detail, fieldErrors].filter(Boolean).join(': ') || `The server answered ${status}.`;
}

/** Retries a call that answers 409 "not ready" (the session is still provisioning) until a deadline. */
export async function whenReady(attempt, { timeoutMs = 60000, onWait } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 409 || Date.now() > deadline || /ended/i.test(e.message)) throw e;
      onWait?.(e.message);
      await new Promise((resolve) => setTimeout(resolve, (e.retryAfterSeconds || 1) * 1000));
    }
  }
}
