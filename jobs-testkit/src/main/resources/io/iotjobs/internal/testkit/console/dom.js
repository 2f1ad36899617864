// Building the pages' DOM. Every value is set as text (textContent, attributes), never parsed as HTML:
// job documents, status details and topics come from devices and are untrusted.

/**
 * Creates an element. attrs: 'class', 'text' (its text), 'on<event>' (a listener), anything else an
 * attribute (true for a bare attribute; null, undefined and false leave it out). Children are nodes or
 * strings (added as text); null and false are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of a node. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** The execution statuses, in the order the bars show them. */
export const EXECUTION_STATUSES = ['QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED',
  'CANCELED', 'REMOVED'];

/** A status as a badge (colour and text, so that it reads without the colour too). */
export function statusBadge(status) {
  return el('span', { class: 'status status-' + String(status || 'UNKNOWN').toLowerCase(), text: status || '?' });
}

/** An epoch-seconds or epoch-milliseconds time as local date and time (milliseconds shown when given). */
export function formatTime(value, millis = false) {
  if (value === null || value === undefined) {
    return '';
  }
  const date = new Date(millis ? value : value * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} `
    + `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return millis ? `${text}.${pad(date.getMilliseconds(), 3)}` : text;
}

/** The name at the end of an ARN (…:thing/<name>, …:thinggroup/<name>). */
export function arnName(arn) {
  const slash = String(arn).indexOf('/');
  return slash < 0 ? String(arn) : String(arn).slice(slash + 1);
}

/** A JSON text pretty-printed, or the text as it is when it is not JSON. */
export function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return String(text);
  }
}

/** A map of status details as "key=value" items. */
export function detailsList(details) {
  const entries = Object.entries(details || {});
  if (entries.length === 0) {
    return el('span', { class: 'muted', text: 'none' });
  }
  return el('dl', { class: 'details' }, entries.map(([key, value]) => [
    el('dt', { text: key }), el('dd', { text: value })]));
}

/** A message next to a control: role alert, so that screen readers announce it; empty hides it. */
export function showError(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

/**
 * A table whose rows read as cards on a narrow window: each cell carries its column's name (shown before the
 * value by the style sheet when the header row is hidden).
 */
export function stackedTable(attrs, caption, headers, rows) {
  return el('div', { class: 'table-box' }, el('table', Object.assign({ class: 'stack' }, attrs),
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}

/** A row of a stacked table: cells given as values (text or nodes), labelled with the headers. */
export function stackedRow(attrs, headers, cells) {
  return el('tr', attrs, cells.map((cell, i) => {
    const [cellAttrs, content] = cell !== null && typeof cell === 'object' && !(cell instanceof Node)
      && !Array.isArray(cell) ? [cell.attrs, cell.content] : [{}, cell];
    return el('td', Object.assign({ 'data-label': headers[i] }, cellAttrs), content);
  }));
}
