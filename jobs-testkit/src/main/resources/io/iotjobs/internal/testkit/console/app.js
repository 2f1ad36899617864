// The console's shell: the pages (one section each, chosen by the address's #fragment), the live stream from
// the service (Server-Sent Events on /console/events), and refreshing the page shown when the service says
// that something changed. The server pushes; the pages never poll.

import { JobsPage } from './jobs.js';
import { ThingsPage } from './things.js';
import { LivePage } from './live.js';
import { FaultsPage } from './faults.js';
import { call } from './api.js';

const connection = document.getElementById('connection');

/** Runs an async task; a call while it runs makes it run once more afterwards (changes coalesce). */
function coalescing(task) {
  let running = false;
  let again = false;
  return async function run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = false;
    }
  };
}

async function start() {
  let info = { thingGroupArnPrefix: 'arn:aws:iot:us-east-1:123456789012:thinggroup/' };
  try {
    info = await call('GET', '/console/api/info');
  } catch (e) {
    connection.textContent = 'the local service does not answer: ' + e.message;
  }
  const pages = {
    jobs: new JobsPage(document.getElementById('page-jobs'), info),
    things: new ThingsPage(document.getElementById('page-things')),
    live: new LivePage(document.getElementById('page-live')),
    faults: new FaultsPage(document.getElementById('page-faults')),
  };
  let current = null;
  const refresh = {};
  for (const [name, page] of Object.entries(pages)) {
    refresh[name] = coalescing(() => page.refresh());
  }

  function show() {
    const [name, ...rest] = (location.hash.replace(/^#/, '') || 'jobs').split('/');
    const chosen = pages[name] ? name : 'jobs';
    for (const [key] of Object.entries(pages)) {
      document.getElementById('page-' + key).hidden = key !== chosen;
    }
    for (const link of document.querySelectorAll('nav a[data-page]')) {
      if (link.dataset.page === chosen) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    current = chosen;
    pages[chosen].route(rest.map((part) => decodeURIComponent(part)));
    refresh[chosen]();
  }
  window.addEventListener('hashchange', show);

  // One stream for the whole console: the traffic goes to the Live page (kept while other pages are shown),
  // a change refreshes the page on view (the others refresh when shown).
  const events = new EventSource('/console/events');
  events.addEventListener('open', () => {
    connection.textContent = 'live';
    connection.dataset.state = 'live';
    refresh[current]();
  });
  events.addEventListener('error', () => {
    connection.textContent = 'reconnecting…';
    connection.dataset.state = 'down';
  });
  events.addEventListener('traffic', (event) => {
    pages.live.add(Number(event.lastEventId), JSON.parse(event.data));
  });
  events.addEventListener('missed', (event) => {
    pages.live.missed(JSON.parse(event.data).missed);
  });
  events.addEventListener('changed', (event) => {
    const scopes = JSON.parse(event.data).scopes;
    if (pages[current].interestedIn(scopes)) {
      refresh[current]();
    }
  });
  // A page the browser keeps for its back button must not keep its stream: browsers give a server only about six
  // connections, and a stream holds one. Coming back reloads the page, which opens a new stream.
  window.addEventListener('pagehide', () => events.close());
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      location.reload();
    }
  });
  show();
}

start();
