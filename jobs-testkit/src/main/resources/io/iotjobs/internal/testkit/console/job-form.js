// The form that creates a job: CreateJob (PUT /jobs/<jobId>) with the body the AWS IoT API reference gives it.
// The document and the extra configuration are checked as JSON before anything is sent; the service checks the
// rest, and its message is shown next to the field it names.

import { el, showError } from './dom.js';
import { call, path } from './api.js';
import { JsonEditor } from './json-editor.js';

const EXAMPLE_DOCUMENT = '{\n  "operation": "firmware_update",\n  "firmware_url": "https://example.com/fw-2.5.0.bin",\n'
  + '  "version": "2.5.0"\n}';

/** Which field a message of the service is about, from the field name it starts with. */
const FIELD_OF_MESSAGE = [
  [/^jobId\b/, 'jobId'],
  [/^targetThingNames\b/, 'things'],
  [/^targetGroupNames\b/, 'groups'],
  [/^document\b/, 'document'],
  [/^description\b/, 'description'],
  [/^targetSelection\b/, 'targetSelection'],
  [/^(timeoutConfig|inProgressTimeout)\b/, 'timeout'],
  [/^jobExecutionsRetryConfig\b/, 'retry'],
  [/^jobExecutionsRolloutConfig\b/, 'rollout'],
  [/^schedulingConfig\b/, 'scheduling'],
];

function names(text) {
  return String(text).split(/[\s,]+/).filter((name) => name.length > 0);
}

function field(id, label, input, help) {
  input.id = id;
  const error = el('p', { id: `${id}-error`, class: 'error', role: 'alert', hidden: true });
  input.setAttribute('aria-describedby', help ? `${id}-help ${id}-error` : `${id}-error`);
  return {
    input,
    error,
    node: el('div', { class: 'field' }, el('label', { for: id, text: label }), input,
      help ? el('p', { id: `${id}-help`, class: 'help', text: help }) : null, error),
  };
}

export class JobForm {
  constructor(info, onCreated) {
    this.info = info;
    this.onCreated = onCreated;
    this.fields = {
      jobId: field('job-id', 'Job id', el('input', { type: 'text', required: true, autocomplete: 'off',
        maxlength: 64, placeholder: 'fw-2-5-0' }), '1–64 letters, digits, - and _'),
      things: field('job-things', 'Target things', el('input', { type: 'text', autocomplete: 'off',
        placeholder: 'dev-1, dev-2' }), 'thing names, separated by commas or spaces'),
      groups: field('job-groups', 'Target thing groups', el('input', { type: 'text', autocomplete: 'off',
        placeholder: 'fleet-eu' }), 'group names (the groups must exist)'),
      targetSelection: field('job-selection', 'Target selection', el('select', {},
        el('option', { value: 'SNAPSHOT', text: 'SNAPSHOT: the targets now' }),
        el('option', { value: 'CONTINUOUS', text: 'CONTINUOUS: also things that join the groups later' }))),
      description: field('job-description', 'Description', el('input', { type: 'text', autocomplete: 'off' })),
      timeout: field('job-timeout', 'In-progress timeout (minutes)', el('input', { type: 'number', step: 1 }),
        'empty: none'),
      retry: field('job-retry', 'Retries after FAILED or TIMED_OUT', el('input', { type: 'number', step: 1 }), 'empty: no retry'),
      rollout: field('job-rollout', 'Rollout: most executions per minute', el('input', { type: 'number', step: 1 }),
        'empty: all at once'),
      scheduling: field('job-start', 'Scheduled start (UTC)', el('input', { type: 'datetime-local' }),
        'empty: now'),
    };
    this.document = new JsonEditor('job-document', 'Job document (JSON)', EXAMPLE_DOCUMENT, true,
      () => this.update());
    this.extra = new JsonEditor('job-extra', 'More of the CreateJob request (JSON object: abortConfig,'
      + ' presignedUrlConfig, namespaceId, documentParameters, jobTemplateArn, ...)', '{}', true, () => this.update());
    this.extra.textarea.rows = 3;
    this.submit = el('button', { type: 'submit', id: 'job-create', text: 'Create job',
      'aria-describedby': 'job-create-reason job-create-error' });
    this.reason = el('p', { id: 'job-create-reason', class: 'reason', hidden: true });
    this.error = el('p', { id: 'job-create-error', class: 'error', role: 'alert', hidden: true });
    this.done = el('p', { id: 'job-create-done', class: 'done', role: 'status' });
    const f = this.fields;
    this.node = el('form', { class: 'job-form', 'aria-labelledby': 'job-form-title', novalidate: true,
      onsubmit: (event) => { event.preventDefault(); this.create(); } },
    el('h3', { id: 'job-form-title', text: 'Create a job' }),
    el('div', { class: 'form-grid' }, f.jobId.node, f.things.node, f.groups.node, f.targetSelection.node,
      f.description.node),
    this.document.node,
    el('details', { class: 'configs' }, el('summary', { text: 'Timeouts, retries, rollout, scheduling and more' }),
      el('div', { class: 'form-grid' }, f.timeout.node, f.retry.node, f.rollout.node, f.scheduling.node),
      this.extra.node),
    el('div', { class: 'actions' }, this.submit, this.reason), this.error, this.done);
    this.update();
  }

  /** Enables the button only when the JSON is valid, and says why not otherwise. */
  update() {
    if (!this.submit) {
      return;
    }
    let why = '';
    if (this.document.result && !this.document.result.ok) {
      why = 'Fix the job document first (see the error above).';
    } else if (this.extra.result && !this.extra.result.ok) {
      why = 'Fix the extra JSON first (see the error above).';
    }
    this.submit.disabled = why !== '';
    showError(this.reason, why);
  }

  clearErrors() {
    for (const f of Object.values(this.fields)) {
      showError(f.error, '');
      f.input.removeAttribute('aria-invalid');
    }
    this.document.serverError('');
    this.extra.serverError('');
    showError(this.error, '');
    this.done.textContent = '';
  }

  request() {
    const f = this.fields;
    const things = names(f.things.input.value);
    const groups = names(f.groups.input.value);
    const body = Object.assign({}, this.extra.result.value);
    body.targets = things.concat(groups.map((group) => this.info.thingGroupArnPrefix + group));
    body.document = this.document.text;
    body.targetSelection = f.targetSelection.input.value;
    if (f.description.input.value.trim() !== '') {
      body.description = f.description.input.value;
    }
    if (f.timeout.input.value !== '') {
      body.timeoutConfig = { inProgressTimeoutInMinutes: Number(f.timeout.input.value) };
    }
    if (f.retry.input.value !== '') {
      const retries = Number(f.retry.input.value);
      body.jobExecutionsRetryConfig = { criteriaList: [{ failureType: 'ALL', numberOfRetries: retries }] };
    }
    if (f.rollout.input.value !== '') {
      body.jobExecutionsRolloutConfig = { maximumPerMinute: Number(f.rollout.input.value) };
    }
    if (f.scheduling.input.value !== '') {
      body.schedulingConfig = { startTime: f.scheduling.input.value };
    }
    return { jobId: f.jobId.input.value.trim(), body, things };
  }

  async create() {
    this.clearErrors();
    const { jobId, body, things } = this.request();
    if (jobId === '') {
      this.fieldError('jobId', 'jobId: required');
      return;
    }
    this.submit.disabled = true;
    try {
      await call('PUT', path('jobs', jobId), body);
      this.done.textContent = `Job ${jobId} created.`;
      this.fields.jobId.input.value = '';
      this.onCreated(jobId);
    } catch (e) {
      this.place(e.message, things.length);
    } finally {
      this.update();
    }
  }

  /** Shows the service's message next to the field it names (targets[i] by the list it came from). */
  place(message, thingCount) {
    const target = /^targets\[(\d+)\]/.exec(message);
    if (target) {
      this.fieldError(Number(target[1]) < thingCount ? 'things' : 'groups', message);
      return;
    }
    if (/^targets\b/.test(message)) {
      this.fieldError('things', message);
      return;
    }
    for (const [pattern, name] of FIELD_OF_MESSAGE) {
      if (pattern.test(message)) {
        if (name === 'document') {
          this.document.serverError(message);
        } else {
          this.fieldError(name, message);
        }
        return;
      }
    }
    const key = /^([A-Za-z]+)/.exec(message);
    if (key && this.extra.result.ok && Object.prototype.hasOwnProperty.call(this.extra.result.value, key[1])) {
      this.extra.serverError(message);
      return;
    }
    showError(this.error, message);
  }

  fieldError(name, message) {
    const f = this.fields[name];
    showError(f.error, message);
    f.input.setAttribute('aria-invalid', 'true');
    if (f.input.closest('details')) {
      f.input.closest('details').open = true;
    }
  }
}
