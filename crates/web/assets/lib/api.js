// The JSON API, with the server's error message as the thrown error's message.

async function answer(response) {
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
  if (!response.ok) {
    const why = body && body.error ? body.error : (text || response.statusText);
    throw new Error(`${response.status}: ${why}`);
  }
  return body;
}

export async function getJSON(path, params) {
  const query = params ? params.toString() : '';
  return answer(await fetch(query ? `${path}?${query}` : path, { headers: { accept: 'application/json' } }));
}

export async function postJSON(path, body) {
  return answer(await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }));
}

// Scenario-wide data every page needs; fetched once per page load.
let scenarioPromise = null;
export function scenario() {
  if (!scenarioPromise) scenarioPromise = getJSON('/api/scenario');
  return scenarioPromise;
}

let whatIfsPromise = null;
export function whatIfs() {
  if (!whatIfsPromise) whatIfsPromise = getJSON('/api/what-ifs');
  return whatIfsPromise;
}

// A body sent as it is (a file's text), answered as JSON.
export async function postText(path, text) {
  return answer(await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: text,
  }));
}
