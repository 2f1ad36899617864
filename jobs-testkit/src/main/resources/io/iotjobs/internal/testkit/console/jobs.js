// The Jobs page: the create form, and every job with its status, a bar of its executions by status, its
// targets, configurations and document, and the actions the service allows on it now. An action the service
// would refuse is shown disabled with the service's own reason; a refused call shows the service's message
// next to the buttons.

import { el, showError, statusBadge, formatTime, arnName, prettyJson, EXECUTION_STATUSES }
  from './dom.js';
import { call, path, read } from './api.js';
import { JobForm } from './job-form.js';

const CONFIG_KEYS = ['timeoutConfig', 'jobExecutionsRetryConfig', 'abortConfig', 'jobExecutionsRolloutConfig',
  'schedulingConfig', 'presignedUrlConfig', 'namespaceId'];
const SHOWN_EXECUTIONS = 24;

function camel(status) {
  return status.toLowerCase().replace(/(^|_)([a-z])/g, (m, p, c) => c.toUpperCase());
}

/** The bar of a job's executions by status, with the counts as text beside it. */
function executionBar(job) {
  const details = job.jobProcessDetails || {};
  const counts = EXECUTION_STATUSES.map((status) => [status, details['numberOf' + camel(status) + 'Things'] || 0]);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const bar = el('div', { class: 'bar', role: 'img', 'aria-label': total === 0 ? 'no executions'
    : counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') });
  for (const [status, n] of counts) {
    if (n > 0) {
      const segment = el('span', { class: 'segment status-' + status.toLowerCase(), title: `${n} ${status}` });
      segment.style.flexGrow = String(n);
      bar.append(segment);
    }
  }
  const legend = el('ul', { class: 'legend' }, counts.filter(([, n]) => n > 0).map(([status, n]) =>
    el('li', {}, statusBadge(status), ' ', String(n))));
  return el('div', { class: 'bar-box' }, bar, total === 0 ? el('span', { class: 'muted', text: 'no executions yet' })
    : legend);
}

function configSummary(job) {
  const items = [];
  const timeout = job.timeoutConfig;
  if (timeout) {
    items.push(`in-progress timeout ${timeout.inProgressTimeoutInMinutes} min`);
  }
  for (const c of (job.jobExecutionsRetryConfig || {}).criteriaList || []) {
    items.push(`retry ${c.failureType} ×${c.numberOfRetries}`);
  }
  for (const c of (job.abortConfig || {}).criteriaList || []) {
    items.push(`abort on ${c.thresholdPercentage}% ${c.failureType} (after ${c.minNumberOfExecutedThings})`);
  }
  const rollout = job.jobExecutionsRolloutConfig;
  if (rollout) {
    items.push(rollout.exponentialRate ? `rollout from ${rollout.exponentialRate.baseRatePerMinute}/min ×`
      + rollout.exponentialRate.incrementFactor : `rollout ${rollout.maximumPerMinute}/min`);
  }
  const scheduling = job.schedulingConfig;
  if (scheduling) {
    items.push(['scheduled', scheduling.startTime ? `from ${scheduling.startTime}` : '',
      scheduling.endTime ? `until ${scheduling.endTime}` : '',
      (scheduling.maintenanceWindows || []).length ? `${scheduling.maintenanceWindows.length} window(s)` : '']
      .filter((s) => s).join(' ') + ' UTC');
  }
  if (job.presignedUrlConfig) {
    items.push(`presigned URLs ${job.presignedUrlConfig.expiresInSec} s`);
  }
  if (job.namespaceId) {
    items.push(`namespace ${job.namespaceId}`);
  }
  return items;
}

export class JobsPage {
  constructor(section, info) {
    this.section = section;
    this.rows = new Map();      // jobId -> { json, node }
    this.errors = new Map();    // jobId -> the service's message about the last action
    this.form = new JobForm(info, () => this.refresh());
    this.summary = el('p', { class: 'muted', role: 'status' });
    this.list = el('ol', { class: 'jobs', 'aria-label': 'Jobs, newest first' });
    this.loadError = el('p', { class: 'error', role: 'alert', hidden: true });
    section.append(el('div', { class: 'jobs-layout' }, this.form.node,
      el('div', { class: 'jobs-list' }, el('h3', { text: 'All jobs' }), this.summary, this.loadError, this.list)));
  }

  route() {
  }

  interestedIn(scopes) {
    return scopes.includes('JOB') || scopes.includes('THING');
  }

  async refresh() {
    const answer = await read('/console/api/jobs', this.loadError, 'the jobs');
    if (!answer) {
      return;
    }
    const jobs = answer.jobs;
    this.summary.textContent = jobs.length === 0 ? 'No jobs yet: create one with the form.'
      : `${jobs.length} job${jobs.length === 1 ? '' : 's'}`;
    const seen = new Set();
    let previous = null;
    for (const job of jobs) {
      seen.add(job.jobId);
      const json = JSON.stringify(job) + '\u0000' + (this.errors.get(job.jobId) || '');
      let row = this.rows.get(job.jobId);
      if (!row || row.json !== json) {
        const node = this.render(job, row ? row.node : null);
        if (row) {
          row.node.replaceWith(node);
        }
        row = { json, node };
        this.rows.set(job.jobId, row);
      }
      // keep the list in the answer's order (newest first) without rebuilding rows that did not change
      const expected = previous ? previous.nextSibling : this.list.firstChild;
      if (expected !== row.node) {
        this.list.insertBefore(row.node, expected);
      }
      previous = row.node;
    }
    for (const [jobId, row] of this.rows) {
      if (!seen.has(jobId)) {
        row.node.remove();
        this.rows.delete(jobId);
        this.errors.delete(jobId);
      }
    }
  }

  render(job, old) {
    const wasOpen = old ? old.querySelector('details.job-more').open : false;
    const id = 'job-' + job.jobId;
    const executions = job.executions || [];
    const targets = (job.targets || []).map((arn) => (arn.includes(':thinggroup/') ? 'group ' : '') + arnName(arn));
    const configs = configSummary(job);
    const shown = executions.slice(0, SHOWN_EXECUTIONS);
    return el('li', { class: 'job', 'data-job-id': job.jobId, 'aria-labelledby': id + '-title' },
      el('div', { class: 'job-head' },
        el('h4', { id: id + '-title', class: 'job-id', text: job.jobId }),
        el('span', { class: 'job-status' }, statusBadge(job.status)),
        el('span', { class: 'muted', text: job.targetSelection }),
        el('span', { class: 'muted', text: 'created ' + formatTime(job.createdAt) })),
      job.description ? el('p', { class: 'description', text: job.description }) : null,
      executionBar(job),
      el('ul', { class: 'executions', 'aria-label': `Executions of ${job.jobId}` }, shown.map((e) =>
        el('li', { 'data-thing': e.thingName, 'data-status': e.status },
          el('a', { href: '#things/' + encodeURIComponent(e.thingName) + '/' + encodeURIComponent(job.jobId) + '/'
            + e.executionNumber, text: e.thingName }), ' ', statusBadge(e.status),
          el('span', { class: 'muted', text: ` v${e.versionNumber}` })))),
      executions.length > shown.length ? el('p', { class: 'muted',
        text: `and ${executions.length - shown.length} more (see the Things page)` }) : null,
      el('p', { class: 'targets' }, el('span', { class: 'label', text: 'Targets: ' }), targets.join(', ')),
      configs.length ? el('ul', { class: 'chips', 'aria-label': 'Configurations' },
        configs.map((c) => el('li', { text: c }))) : null,
      this.actions(job),
      el('details', { class: 'job-more', open: wasOpen },
        el('summary', { text: 'Document and configuration' }),
        el('pre', { class: 'json', tabindex: 0, 'aria-label': `Job document of ${job.jobId}`,
          text: prettyJson(job.document) }),
        el('pre', { class: 'json', tabindex: 0, 'aria-label': `Configuration of ${job.jobId}`,
          text: JSON.stringify(Object.fromEntries(CONFIG_KEYS.filter((k) => job[k] !== undefined)
            .map((k) => [k, job[k]])), null, 2) })));
  }

  actions(job) {
    const refusals = job.refusals || {};
    const error = el('p', { class: 'error', role: 'alert', hidden: true });
    showError(error, this.errors.get(job.jobId));
    const buttons = [
      ['Cancel', 'cancel', refusals.cancel, () => this.act(job.jobId, 'PUT', path('jobs', job.jobId, 'cancel'))],
      ['Force cancel', 'force-cancel', refusals.forceCancel,
        () => this.act(job.jobId, 'PUT', path('jobs', job.jobId, 'cancel') + '?force=true')],
      ['Delete', 'delete', refusals.delete, () => this.act(job.jobId, 'DELETE', path('jobs', job.jobId))],
      ['Force delete', 'force-delete', refusals.forceDelete,
        () => this.act(job.jobId, 'DELETE', path('jobs', job.jobId) + '?force=true')],
    ];
    const reasons = [];
    const row = el('div', { class: 'actions', role: 'group', 'aria-label': `Actions on ${job.jobId}` });
    for (const [label, action, refusal, run] of buttons) {
      const reasonId = `job-${job.jobId}-${action}-reason`;
      const button = el('button', { type: 'button', class: action.startsWith('force') ? 'danger' : '',
        'data-action': action, disabled: Boolean(refusal), title: refusal || null,
        'aria-describedby': refusal ? reasonId : null, text: label, onclick: run });
      row.append(button);
      if (refusal) {
        reasons.push(el('li', { id: reasonId, 'data-reason': action }, `${label}: ${refusal}`));
      }
    }
    return el('div', { class: 'job-actions' }, row, reasons.length ? el('ul', { class: 'reasons' }, reasons) : null,
      error);
  }

  async act(jobId, method, url) {
    this.errors.delete(jobId);
    try {
      await call(method, url);
    } catch (e) {
      this.errors.set(jobId, e.message);
    }
    await this.refresh();
  }
}
