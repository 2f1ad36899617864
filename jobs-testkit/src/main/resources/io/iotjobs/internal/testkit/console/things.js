// The Things page: every thing the service has seen or registered, with its pending and finished executions;
// one execution's timeline (every status change with time, version and status details) and its job document.
// Address: #things, #things/<thing>, #things/<thing>/<jobId>/<executionNumber>.

import { el, replaceChildren, statusBadge, formatTime, prettyJson, detailsList, stackedTable, stackedRow }
  from './dom.js';
import { call, path, read } from './api.js';

const PENDING = ['QUEUED', 'IN_PROGRESS'];
const TIMELINE = ['Time', 'Status', 'Version', 'Status details'];

function executionLink(thing, e) {
  return '#things/' + [thing, e.jobId, String(e.executionNumber)].map(encodeURIComponent).join('/');
}

export class ThingsPage {
  constructor(section) {
    this.section = section;
    this.selected = { thing: null, jobId: null, number: null };
    this.filter = el('input', { id: 'things-filter', type: 'search', autocomplete: 'off',
      oninput: () => this.refresh() });
    this.count = el('p', { class: 'muted', role: 'status' });
    this.list = el('ul', { class: 'thing-list', 'aria-label': 'Things' });
    this.detail = el('div', { class: 'thing-detail', 'aria-live': 'polite' });
    this.execution = el('div', { class: 'execution-detail' });
    this.loadError = el('p', { class: 'error', role: 'alert', hidden: true });
    section.append(this.loadError, el('div', { class: 'things-layout' },
      el('div', { class: 'things-index' },
        el('div', { class: 'field' }, el('label', { for: 'things-filter', text: 'Find a thing' }), this.filter),
        this.count, this.list),
      el('div', { class: 'things-main' }, this.detail, this.execution)));
  }

  route(parts) {
    const [thing, jobId, number] = parts;
    this.selected = { thing: thing || null, jobId: jobId || null, number: number ? Number(number) : null };
  }

  interestedIn(scopes) {
    return scopes.includes('THING') || scopes.includes('REGISTRY') || scopes.includes('JOB');
  }

  async refresh() {
    const answer = await read('/console/api/things', this.loadError, 'the things');
    if (!answer) {
      return;
    }
    const needle = this.filter.value.trim().toLowerCase();
    const things = answer.things.filter((t) => t.thingName.toLowerCase().includes(needle));
    this.count.textContent = `${things.length} of ${answer.total} thing${answer.total === 1 ? '' : 's'}`
      + (answer.truncated ? ' (the first ones only)' : '');
    replaceChildren(this.list, things.length === 0 ? el('li', { class: 'muted',
      text: answer.total === 0 ? 'No thing yet: a thing appears when a job targets it or a device asks.'
        : 'No thing matches.' }) : things.map((t) => this.indexEntry(t)));
    const thing = answer.things.find((t) => t.thingName === this.selected.thing);
    if (!thing) {
      replaceChildren(this.detail, el('p', { class: 'muted', text: this.selected.thing
        ? `The service knows no thing named ${this.selected.thing}.` : 'Choose a thing.' }));
      replaceChildren(this.execution);
      return;
    }
    this.showThing(thing);
    await this.showExecution();
  }

  indexEntry(t) {
    const pending = t.executions.filter((e) => PENDING.includes(e.status)).length;
    return el('li', { 'data-thing': t.thingName },
      el('a', { href: '#things/' + encodeURIComponent(t.thingName),
        'aria-current': t.thingName === this.selected.thing ? 'true' : null, text: t.thingName }),
      el('span', { class: 'muted', text: ` ${pending} pending, ${t.executions.length - pending} finished` }));
  }

  showThing(t) {
    const pending = t.executions.filter((e) => PENDING.includes(e.status));
    const finished = t.executions.filter((e) => !PENDING.includes(e.status));
    replaceChildren(this.detail,
      el('h3', { text: t.thingName }),
      el('p', { class: 'muted', text: (t.registered ? 'registered' : 'not registered (the service serves any name)')
        + (t.thingGroups.length ? '; groups: ' + t.thingGroups.join(', ') : '') }),
      this.table(t.thingName, 'Pending executions', pending),
      this.table(t.thingName, 'Finished executions', finished));
  }

  table(thing, caption, executions) {
    if (executions.length === 0) {
      return el('p', { class: 'muted', text: caption + ': none' });
    }
    const headers = ['Job', '#', 'Status', 'Version', 'Queued', 'Started', 'Updated', 'Status details'];
    return stackedTable({ class: 'stack executions-table' }, caption, headers, executions.map((e) =>
      stackedRow({ 'data-job-id': e.jobId, 'data-status': e.status,
        class: this.selected.jobId === e.jobId && this.selected.number === e.executionNumber ? 'selected' : null },
      headers, [el('a', { href: executionLink(thing, e), text: e.jobId }), String(e.executionNumber),
        statusBadge(e.status), String(e.versionNumber), formatTime(e.queuedAt), formatTime(e.startedAt),
        formatTime(e.lastUpdatedAt), detailsList((e.statusDetails || {}).detailsMap)])));
  }

  async showExecution() {
    const { thing, jobId, number } = this.selected;
    if (!jobId || !number) {
      replaceChildren(this.execution);
      return;
    }
    let answer;
    try {
      answer = await call('GET', path('console', 'api', 'things', thing, 'jobs', jobId, 'executions', number));
    } catch (e) {
      replaceChildren(this.execution, el('p', { class: 'error', role: 'alert', text: e.message }));
      return;
    }
    const e = answer.execution;
    replaceChildren(this.execution,
      el('h3', { id: 'execution-title' }, `Execution ${number} of ${jobId} on ${thing} `, statusBadge(e.status)),
      e.approximateSecondsBeforeTimedOut !== undefined ? el('p', { class: 'muted',
        text: `times out in about ${e.approximateSecondsBeforeTimedOut} s` }) : null,
      stackedTable({ class: 'stack timeline', 'aria-labelledby': 'execution-title' },
        'Timeline' + (answer.omitted ? ` (${answer.omitted} changes in the middle not kept)` : ''), TIMELINE,
        (answer.timeline || []).map((entry) => stackedRow({ 'data-status': entry.status }, TIMELINE,
          [formatTime(entry.at, true), statusBadge(entry.status), String(entry.versionNumber),
            detailsList(entry.statusDetails)]))),
      el('h4', { text: 'Job document (as the device gets it)' }),
      el('pre', { class: 'json', tabindex: 0, 'aria-label': 'Job document', text: prettyJson(e.document || '{}') }));
  }
}
