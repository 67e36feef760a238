/*
 * Loaded by the maintenance page (the 503 answer to a GET): it checks the public status (status.json next to this
 * script) and reloads the page once the maintenance that refused it is over. The page works without it; it defines
 * no global, and puts no text in as markup.
 *
 * Attributes of the script tag: data-mode (the mode that refused the page: full or read-only) and data-until (the
 * expected end, ISO-8601, or empty): the first check waits for it, so a crowd of open pages does not poll for
 * nothing.
 */
(function () {
  'use strict';

  const script = document.currentScript;
  if (!script || typeof window.fetch !== 'function') {
    return;
  }
  const RANK = { 'off': 0, 'read-only': 1, 'full': 2 };
  const statusUrl = new URL('status.json', script.src).href;
  const pageRank = RANK[script.getAttribute('data-mode')] || RANK.full;
  let until = Date.parse(script.getAttribute('data-until') || '');
  let offset = 0;
  let backoff = 3000;

  const hint = document.getElementById('intermission-reload');
  if (hint) {
    hint.hidden = false;
  }

  function jitter(ms) {
    return ms + Math.random() * 2000;
  }

  function schedule() {
    const left = Number.isNaN(until) ? 0 : until - (Date.now() + offset);
    let wait;
    if (left > 0) {
      wait = jitter(left + 500);
    } else {
      wait = jitter(backoff);
      backoff = Math.min(backoff * 1.5, 60000);
    }
    setTimeout(check, Math.min(Math.max(wait, 2000), 10 * 60000));
  }

  function check() {
    fetch(statusUrl, { cache: 'no-store', credentials: 'omit', headers: { 'Accept': 'application/json' } })
        .then((response) => {
          const date = Date.parse(response.headers.get('Date') || '');
          if (!Number.isNaN(date)) {
            offset = date - Date.now();
          }
          return response.ok ? response.json() : null;
        })
        .then((status) => {
          const current = status && status.maintenance;
          if (current && typeof current.mode === 'string' && (RANK[current.mode] || 0) < pageRank) {
            if (hint) {
              hint.textContent = 'The service is back. Reloading…';
            }
            window.location.reload();
            return;
          }
          const next = current && current.until ? Date.parse(current.until) : NaN;
          if (!Number.isNaN(next) && next !== until) {
            until = next;
            backoff = 3000;
          }
          schedule();
        })
        .catch(schedule);
  }

  schedule();
}());
