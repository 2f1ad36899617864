// Calls to the local service's HTTP API. The console uses the AWS-shaped control routes for every change
// (CreateJob, CancelJob, DeleteJob), so it meets the same checks and shows the same messages as curl or the
// AWS CLI would; /console/api/ has only the reads the AWS routes do not answer in one call, and the faults.

/** A refused call: the HTTP status, the exception name (x-amzn-ErrorType) and the service's message. */
export class ServiceError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

/** A path from segments, each percent-encoded (thing names and job ids go into paths). */
export function path(...segments) {
  return '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
}

/**
 * Calls the API. Resolves with the JSON answer (null for an empty one); rejects with a ServiceError holding the
 * service's message.
 */
export async function call(method, url, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ServiceError(0, 'NetworkError', 'the local service does not answer (is it still running?)');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const message = json && typeof json.message === 'string' ? json.message : `HTTP ${response.status}`;
    throw new ServiceError(response.status, response.headers.get('x-amzn-ErrorType') || '', message);
  }
  return json;
}

/**
 * Reads what a page shows: the JSON answer, or null after showing why not in the page's error line (which an
 * answer clears again).
 */
export async function read(url, errorLine, what) {
  try {
    const answer = await call('GET', url);
    errorLine.textContent = '';
    errorLine.hidden = true;
    return answer;
  } catch (e) {
    errorLine.textContent = `Cannot read ${what}: ${e.message}`;
    errorLine.hidden = false;
    return null;
  }
}
