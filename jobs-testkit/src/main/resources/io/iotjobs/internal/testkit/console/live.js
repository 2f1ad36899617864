// The Live page: the device-facing traffic as it happens (requests, accepted and rejected replies with their
// error codes, notify and notify-next, lifecycle events), newest first, filterable by thing and job. The records
// come from the one stream of the console (app.js), also while another page is shown; at most KEPT are kept.

import { el, replaceChildren, formatTime, prettyJson, stackedRow } from './dom.js';

const KEPT = 1000;
const COLUMNS = ['Time', 'Direction', 'Thing', 'Kind', 'Operation', 'What', 'Note'];

/** A one-line summary of what a record says, from its payload. */
function summary(r) {
  let body = null;
  if (!r.truncated) {
    try {
      body = JSON.parse(r.payload);
    } catch (e) {
      body = null;
    }
  }
  if (r.kind === 'rejected') {
    return `${r.code || 'rejected'}${body && body.message ? ': ' + body.message : ''}`;
  }
  if (r.kind === 'notify-next') {
    const e = body && body.execution;
    return e ? `next: ${e.jobId} ${e.status || ''}`.trim() : 'next: nothing pending';
  }
  if (r.kind === 'notify') {
    const jobs = (body && body.jobs) || {};
    const parts = Object.entries(jobs).map(([status, list]) => `${status}: ${list.map((j) => j.jobId).join(', ')}`);
    return parts.length ? parts.join('; ') : 'nothing pending';
  }
  return [r.status, (r.jobs || []).join(', ')].filter((s) => s).join(' ');
}

export class LivePage {
  constructor(section) {
    this.records = [];
    this.thingFilter = el('input', { id: 'live-thing', type: 'search', autocomplete: 'off',
      oninput: () => this.render() });
    this.jobFilter = el('input', { id: 'live-job', type: 'search', autocomplete: 'off',
      oninput: () => this.render() });
    this.pause = el('input', { id: 'live-pause', type: 'checkbox', onchange: () => this.render() });
    this.count = el('p', { class: 'muted', role: 'status' });
    this.body = el('tbody', {});
    section.append(
      el('form', { class: 'live-filters', role: 'search', 'aria-label': 'Filter the traffic',
        onsubmit: (event) => event.preventDefault() },
      el('div', { class: 'field' }, el('label', { for: 'live-thing', text: 'Thing' }), this.thingFilter),
      el('div', { class: 'field' }, el('label', { for: 'live-job', text: 'Job' }), this.jobFilter),
      el('div', { class: 'field check' }, this.pause, el('label', { for: 'live-pause', text: 'Pause' })),
      el('button', { type: 'button', text: 'Clear', onclick: () => { this.records = []; this.render(); } })),
      this.count,
      el('div', { class: 'table-box' }, el('table', { class: 'stack live', 'aria-label': 'Traffic, newest first' },
        el('thead', {}, el('tr', {}, COLUMNS.map((h) => el('th', { scope: 'col', text: h })))),
        this.body)));
  }

  route() {
  }

  interestedIn() {
    return false;
  }

  refresh() {
    this.render();
  }

  add(id, record) {
    record.id = id;
    this.records.push(record);
    if (this.records.length > KEPT) {
      this.records.splice(0, this.records.length - KEPT);
    }
    if (!this.pause.checked && !this.body.closest('section').hidden && this.matches(record)) {
      this.body.prepend(this.row(record));
      while (this.body.childElementCount > KEPT) {
        this.body.lastElementChild.remove();
      }
      this.showCount();
    }
  }

  missed(count) {
    this.add(0, { time: Date.now(), direction: 'out', kind: 'missed', topic: '', jobs: [], payload: '',
      note: `${count} messages were not shown: the page could not keep up` });
  }

  matches(r) {
    const thing = this.thingFilter.value.trim();
    const job = this.jobFilter.value.trim();
    return (thing === '' || (r.thing || '').includes(thing))
      && (job === '' || (r.jobs || []).some((j) => j.includes(job)));
  }

  render() {
    if (this.pause.checked) {
      return;
    }
    const shown = this.records.filter((r) => this.matches(r)).reverse();
    replaceChildren(this.body, shown.map((r) => this.row(r)));
    this.showCount();
  }

  showCount() {
    this.count.textContent = `${this.body.childElementCount} of the last ${this.records.length} messages shown`
      + (this.pause.checked ? ' (paused)' : '');
  }

  row(r) {
    const payload = r.payload ? el('details', {}, el('summary', { text: r.topic }),
      el('pre', { class: 'json', text: prettyJson(r.payload) + (r.truncated ? `\n… (${r.size} bytes in all)` : '') }))
      : el('span', { text: r.topic });
    return stackedRow({ 'data-kind': r.kind, 'data-thing': r.thing || '', 'data-direction': r.direction,
      class: 'kind-' + r.kind }, COLUMNS, [
      { attrs: { class: 'time' }, content: formatTime(r.time, true).slice(11) },
      r.direction === 'in' ? 'device → service' : 'service → device',
      r.thing || '',
      el('span', { class: 'kind', text: r.kind }),
      r.operation || '',
      { attrs: { class: 'what' }, content: el('div', {}, el('span', { class: 'summary', text: summary(r) }), payload) },
      { attrs: { class: 'note' }, content: r.note || '' }]);
  }
}
