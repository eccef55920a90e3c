// The API client: every call carries the bearer token from sessionStorage, and every failure becomes an ApiError
// holding the API's own words (message and errors[]) so the page can show them.

const TOKEN_KEY = 'campaign-analytics.token';
export const API = '/v1/marketing';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The claims of the token, for showing who is signed in; never trusted for anything (the server checks). */
export function claims() {
  const t = token();
  try {
    const payload = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
  } catch (e) {
    return null;
  }
}

/** A failed call: the HTTP status, the API's message and its field errors ({field, message}). */
export class ApiError extends Error {
  constructor(status, message, errors) {
    super(message);
    this.status = status;
    this.errors = errors || [];
  }
}

/** The query string of the given parameters, leaving out empty ones. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function send(path, params) {
  let response;
  try {
    response = await fetch(API + path + query(params), {
      headers: {'Authorization': `Bearer ${token()}`, 'Accept': 'application/json'},
    });
  } catch (e) {
    throw new ApiError(0, `The server could not be reached (${e.message}). Check that it is running.`);
  }
  return response;
}

/** Reads the failure a response describes; an answer without the API's error shape is described by its status. */
async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not the API's JSON (a proxy's page, say): described by the status below
  }
  if (body && typeof body.message === 'string') {
    return new ApiError(response.status, body.message, Array.isArray(body.errors) ? body.errors : []);
  }
  return new ApiError(response.status,
      `The server answered ${response.status} ${response.statusText || ''}`.trim() + ' without details.');
}

/** GETs an API route; resolves to its data, or rejects with an ApiError. */
export async function get(path, params) {
  const response = await send(path, params);
  if (!response.ok) {
    throw await failure(response);
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, 'The server sent an answer that is not JSON.');
  }
  return body.data;
}

/**
 * GETs a file (an export) and saves it through a Blob link, since the route needs the Authorization header that a
 * plain link cannot send. Resolves to {name, size}.
 */
export async function download(path, params, fallbackName) {
  const response = await send(path, params);
  if (!response.ok) {
    throw await failure(response);
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const name = match ? match[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return {name, size: blob.size};
}

/**
 * The URL of the live feed stream, resuming after the position lastEventId when given; EventSource cannot set headers,
 * so the token goes in the query.
 */
export function streamUrl(campaignId, lastEventId) {
  return `${API}/admin/analytics/stream${query({campaign_id: campaignId, last_event_id: lastEventId,
    access_token: token()})}`;
}
