// The Faults page: the local service's fault-injection switches with their state now (the counts go down as
// requests use them up), each set through /console/api/faults; a refused value shows the service's message next
// to its control.

import { el, showError } from './dom.js';
import { call, read } from './api.js';

/** The switches: field of the API, label, what it does, and whether the value is set or added to a count. */
const SWITCHES = [
  ['delayRepliesMillis', 'Delay every reply (ms)', 'the requests take effect at once; only the replies wait', 'set',
    (v) => (v === 0 ? 'off' : `${v} ms`)],
  ['dropNextReplies', 'Drop the next replies', 'the requests take effect, the device sees a timeout', 'add',
    (v) => `${v} pending`],
  ['loseNextRequests', 'Lose the next requests', 'neither processed nor answered', 'add', (v) => `${v} pending`],
  ['failNextRequests', 'Fail the next requests', 'rejected with InternalError, not processed', 'add',
    (v) => `${v} pending`],
  ['throttleAbove', 'Throttle above (requests per second)', 'RequestThrottled beyond the rate; 0 turns it off',
    'set', (v) => (v === 0 ? 'off' : `${v} per second`)],
];

export class FaultsPage {
  constructor(section) {
    this.state = {};
    this.values = {};
    this.errors = {};
    this.loadError = el('p', { class: 'error', role: 'alert', hidden: true });
    const list = el('ul', { class: 'faults' });
    for (const [name, label, help, mode] of SWITCHES) {
      const id = 'fault-' + name;
      const input = el('input', { id, type: 'number', step: 1, value: mode === 'add' ? 1 : 0,
        'aria-describedby': `${id}-help ${id}-state ${id}-error` });
      const state = el('span', { id: `${id}-state`, class: 'fault-state', 'data-fault': name });
      const error = el('p', { id: `${id}-error`, class: 'error', role: 'alert', hidden: true });
      this.values[name] = state;
      this.errors[name] = error;
      list.append(el('li', { class: 'fault' },
        el('form', { 'aria-labelledby': `${id}-label`, onsubmit: (event) => {
          event.preventDefault();
          this.set(name, { [name]: Number(input.value) });
        } },
        el('label', { id: `${id}-label`, for: id, text: label }),
        el('div', { class: 'fault-row' }, input,
          el('button', { type: 'submit', 'data-fault-action': name, text: mode === 'add' ? 'Add' : 'Apply' }),
          el('span', { class: 'muted', text: 'now: ' }), state),
        el('p', { id: `${id}-help`, class: 'help', text: help }), error)));
    }
    const duplicate = el('input', { id: 'fault-duplicateEvents', type: 'checkbox',
      'aria-describedby': 'fault-duplicateEvents-help fault-duplicateEvents-error',
      onchange: () => this.set('duplicateEvents', { duplicateEvents: duplicate.checked }) });
    this.duplicate = duplicate;
    this.errors.duplicateEvents = el('p', { id: 'fault-duplicateEvents-error', class: 'error', role: 'alert',
      hidden: true });
    list.append(el('li', { class: 'fault' },
      el('div', { class: 'field check' }, duplicate,
        el('label', { for: 'fault-duplicateEvents', text: 'Send every notify and notify-next twice' })),
      el('p', { id: 'fault-duplicateEvents-help', class: 'help', text: 'as the real service sometimes does' }),
      this.errors.duplicateEvents));
    this.resetError = el('p', { class: 'error', role: 'alert', hidden: true });
    section.append(el('p', { class: 'help', text: 'What the local service does to the device traffic, to test how'
      + ' device code copes. Every switch is off until set here or from code (FaultInjection).' }),
    this.loadError, list,
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'faults-reset', class: 'danger',
      text: 'Switch every fault off', onclick: () => this.reset() })), this.resetError);
  }

  route() {
  }

  interestedIn(scopes) {
    return scopes.includes('FAULTS');
  }

  async refresh() {
    const state = await read('/console/api/faults', this.loadError, 'the faults');
    if (state) {
      this.show(state);
    }
  }

  show(state) {
    for (const [name, , , , describe] of SWITCHES) {
      this.values[name].textContent = describe(state[name]);
    }
    this.duplicate.checked = state.duplicateEvents;
  }

  async set(name, body) {
    showError(this.errors[name], '');
    try {
      this.show(await call('PUT', '/console/api/faults', body));
    } catch (e) {
      showError(this.errors[name], e.message);
      await this.refresh();
    }
  }

  async reset() {
    showError(this.resetError, '');
    try {
      this.show(await call('POST', '/console/api/faults/reset'));
    } catch (e) {
      showError(this.resetError, e.message);
    }
  }
}
