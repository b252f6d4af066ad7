// Shared by the sample app's pages: small DOM helpers and the header (GET /api/status). No build step.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';

/** An HTML element with attributes and children (strings become text nodes: nothing is parsed as HTML). */
function el(name, attributes, ...children) {
  const element = document.createElement(name);
  return fill(element, attributes, children);
}

/** An SVG element, likewise. */
function svg(name, attributes, ...children) {
  return fill(document.createElementNS(SVG, name), attributes, children);
}

function fill(element, attributes, children) {
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    element.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return element;
}

function time(instant) {
  return instant ? new Date(instant).toISOString().replace('T', ' ').replace('Z', '') : '';
}

/** A problem's detail (RFC 9457) or the status line of a failed response. */
async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || (response.status + ' ' + (body.title || response.statusText));
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

/** Fills the header: database, this instance and the live ones, the pool. Returns the status. */
async function loadHeader(seconds) {
  const response = await fetch('/api/status?seconds=' + (seconds || 300));
  if (!response.ok) throw new Error(await problem(response));
  const status = await response.json();
  document.getElementById('database').replaceChildren(
    'Database: ' + status.backend + ' (' + status.url + ')' + (status.file ? ', file ' + status.file : ''));
  const instances = document.getElementById('instances');
  instances.replaceChildren('This instance: ', el('code', { class: 'self' }, status.instance),
    '. Live instances (' + status.instances.length + '): ');
  instances.dataset.count = String(status.instances.length);
  status.instances.forEach((instance, i) => {
    if (i > 0) instances.appendChild(document.createTextNode(', '));
    instances.appendChild(el('code', { class: instance.self ? 'instance self' : 'instance',
      title: instance.workers + ' workers, started ' + time(instance.startedAt) + ', last heartbeat '
        + time(instance.heartbeatAt) }, instance.id));
  });
  const pool = status.pool;
  const pending = pool.pending ? ', ' + pool.pending + ' waiting' : '';
  document.getElementById('pool').replaceChildren(pool.active === null
    ? 'Connection pool: no metrics'
    : 'Connection pool: ' + pool.active + ' active, ' + pool.idle + ' idle' + pending + ' (max ' + pool.max + ')');
  return status;
}
