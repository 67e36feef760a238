/*
 * The maintenance banner: include it on any page with
 *
 *   <script src="/service-context/banner.js" defer></script>
 *
 * and it shows a banner with a countdown while a maintenance window is scheduled, and a notice while maintenance is
 * on. It reads the public status (status.json next to this script), needs no inline script or style (it styles its
 * own elements through the DOM, inside a shadow root), puts every text in as text, and defines one global:
 * intermissionBanner(options), for pages that start it themselves (add data-manual to the script tag).
 *
 * Attributes of the script tag, or options: data-status / status (the status URL), data-interval / interval
 * (seconds between checks, 60 by default, at least 5), data-target / target (a CSS selector or element to put the
 * banner in; by default the top of the body).
 */
(function () {
  'use strict';

  const script = document.currentScript;
  const DISMISSED_KEY = 'intermission.banner.dismissed';
  const RANK = { 'off': 0, 'read-only': 1, 'full': 2 };

  const COLORS = {
    scheduled: { bg: '#1e3a8a', fg: '#ffffff' },
    'read-only': { bg: '#92400e', fg: '#ffffff' },
    full: { bg: '#991b1b', fg: '#ffffff' }
  };

  function css(node, styles) {
    Object.keys(styles).forEach((name) => {
      node.style.setProperty(name, styles[name]);
    });
    return node;
  }

  function countdown(ms) {
    if (ms <= 0) {
      return 'now';
    }
    const total = Math.floor(ms / 1000);
    const d = Math.floor(total / 86400);
    const h = Math.floor((total % 86400) / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (d > 0) {
      return 'in ' + d + ' d ' + h + ' h';
    }
    if (h > 0) {
      return 'in ' + h + ' h ' + String(m).padStart(2, '0') + ' min';
    }
    if (m > 0) {
      return 'in ' + m + ' min ' + String(s).padStart(2, '0') + ' s';
    }
    return 'in ' + s + ' s';
  }

  function localTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return '';
    }
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  function readDismissed() {
    try {
      return window.sessionStorage.getItem(DISMISSED_KEY);
    } catch (e) {
      return null;
    }
  }

  function writeDismissed(id) {
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, id);
    } catch (e) {
      // Storage is off: the banner stays hidden on this page only.
    }
  }

  /** Decides what to show: the maintenance in force, else the next scheduled one. */
  function pick(status, now) {
    const current = status && status.maintenance;
    const items = status && Array.isArray(status.scheduled_maintenances) ? status.scheduled_maintenances : [];
    if (current && current.active && RANK[current.mode] > 0) {
      const running = items.filter((i) => i.status === 'in_progress');
      return {
        kind: current.mode,
        id: 'active-' + (current.since || '') + '-' + current.mode,
        message: current.message,
        until: current.until,
        overdue: !!current.overdue,
        item: running.length ? running[0] : null
      };
    }
    const upcoming = items
        .filter((i) => i.status === 'scheduled' && i.scheduled_for && Date.parse(i.scheduled_for) > now)
        .sort((a, b) => Date.parse(a.scheduled_for) - Date.parse(b.scheduled_for));
    if (upcoming.length) {
      const next = upcoming[0];
      return {
        kind: 'scheduled',
        id: next.id,
        message: next.message,
        start: next.scheduled_for,
        end: next.scheduled_until,
        mode: next.mode
      };
    }
    return null;
  }

  function init(options) {
    const opts = options || {};
    const statusUrl = new URL(opts.status || 'status.json', (script && script.src) || window.location.href).href;
    const interval = Math.max(5, Number(opts.interval) || 60) * 1000;
    let offset = 0;
    let status = null;
    let shown = null;
    let fetchTimer = null;
    let tickTimer = null;
    let failures = 0;
    let stopped = false;

    const host = document.createElement('div');
    host.setAttribute('data-intermission-banner', '');
    host.hidden = true;
    const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    const bar = css(document.createElement('div'), {
      'display': 'flex',
      'flex-wrap': 'wrap',
      'align-items': 'center',
      'gap': '0.5rem 1rem',
      'padding': '0.6rem 1rem',
      'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      'font-size': '15px',
      'line-height': '1.4'
    });
    bar.setAttribute('role', 'region');
    bar.setAttribute('aria-label', 'Maintenance notice');
    bar.className = 'bar';
    const title = css(document.createElement('strong'), { 'font-weight': '700' });
    title.className = 'title';
    const text = css(document.createElement('span'), { 'flex': '1 1 16rem', 'min-width': '0',
      'overflow-wrap': 'anywhere' });
    text.className = 'text';
    const when = css(document.createElement('span'), { 'font-variant-numeric': 'tabular-nums',
      'white-space': 'nowrap', 'font-weight': '600' });
    when.className = 'when';
    const close = css(document.createElement('button'), {
      'font': 'inherit',
      'background': 'transparent',
      'color': 'inherit',
      'border': '1px solid currentColor',
      'border-radius': '4px',
      'padding': '0.1rem 0.6rem',
      'cursor': 'pointer'
    });
    close.type = 'button';
    close.className = 'close';
    close.textContent = 'Dismiss';
    close.setAttribute('aria-label', 'Dismiss the maintenance notice');
    close.addEventListener('click', () => {
      if (shown) {
        writeDismissed(shown.id);
      }
      host.hidden = true;
    });
    bar.appendChild(title);
    bar.appendChild(text);
    bar.appendChild(when);
    bar.appendChild(close);
    root.appendChild(bar);

    function place() {
      let target = opts.target;
      if (typeof target === 'string') {
        target = document.querySelector(target);
      }
      if (target) {
        target.appendChild(host);
      } else if (document.body) {
        document.body.insertBefore(host, document.body.firstChild);
      }
    }

    function now() {
      return Date.now() + offset;
    }

    function render() {
      clearTimeout(tickTimer);
      if (stopped) {
        return;
      }
      shown = pick(status, now());
      if (!shown || readDismissed() === shown.id) {
        host.hidden = true;
        return;
      }
      const colors = COLORS[shown.kind] || COLORS.full;
      css(bar, { 'background': colors.bg, 'color': colors.fg });
      host.setAttribute('data-kind', shown.kind);
      if (shown.kind === 'scheduled') {
        title.textContent = 'Scheduled maintenance';
        const parts = [];
        if (shown.message) {
          parts.push(/[.!?]$/.test(shown.message.trim()) ? shown.message.trim() : shown.message.trim() + '.');
        }
        parts.push((shown.mode === 'read-only' ? 'Changes will be refused' : 'The service will be unavailable')
            + ' from ' + localTime(shown.start) + (shown.end ? ' to ' + localTime(shown.end) : '') + '.');
        text.textContent = parts.join(' ');
        const left = Date.parse(shown.start) - now();
        when.textContent = 'Starts ' + countdown(left);
        tickTimer = setTimeout(render, left > 3600000 ? 30000 : 1000 - (now() % 1000));
      } else {
        title.textContent = shown.kind === 'read-only' ? 'Read-only maintenance' : 'Maintenance in progress';
        text.textContent = shown.message
            || (shown.kind === 'read-only' ? 'Changes cannot be saved right now.' : 'The service is unavailable.');
        if (shown.until && !shown.overdue) {
          const left = Date.parse(shown.until) - now();
          when.textContent = left > 0 ? 'Expected back ' + countdown(left) : 'Expected back soon';
          tickTimer = setTimeout(render, left > 3600000 ? 30000 : 1000 - (now() % 1000));
        } else {
          when.textContent = shown.overdue ? 'Taking longer than expected' : '';
        }
      }
      host.hidden = false;
      if (!host.isConnected) {
        place();
      }
    }

    /** The delay until the next check: the interval, or sooner when a window opens or closes before it. */
    function nextDelay() {
      let delay = failures ? Math.min(interval * Math.pow(2, failures), 10 * 60000) : interval;
      const items = status && Array.isArray(status.scheduled_maintenances) ? status.scheduled_maintenances : [];
      items.forEach((i) => {
        [i.status === 'scheduled' ? i.scheduled_for : null, i.status === 'in_progress' && i.kind === 'window'
            ? i.scheduled_until : null].forEach((iso) => {
          const at = Date.parse(iso || '');
          if (!Number.isNaN(at) && at - now() > 0) {
            delay = Math.min(delay, at - now() + 250 + Math.random() * 1500);
          }
        });
      });
      return Math.max(1000, delay);
    }

    function check() {
      clearTimeout(fetchTimer);
      if (stopped) {
        return;
      }
      fetch(statusUrl, { cache: 'no-cache', credentials: 'omit', headers: { 'Accept': 'application/json' } })
          .then((response) => {
            const date = Date.parse(response.headers.get('Date') || '');
            if (!Number.isNaN(date)) {
              offset = date - Date.now();
            }
            if (!response.ok) {
              throw new Error('status ' + response.status);
            }
            return response.json();
          })
          .then((json) => {
            failures = 0;
            status = json;
            render();
          })
          .catch(() => {
            failures = Math.min(failures + 1, 6);
          })
          .then(() => {
            if (!stopped) {
              fetchTimer = setTimeout(check, nextDelay());
            }
          });
    }

    check();
    return {
      stop: function () {
        stopped = true;
        clearTimeout(fetchTimer);
        clearTimeout(tickTimer);
        if (host.parentNode) {
          host.parentNode.removeChild(host);
        }
      },
      refresh: check
    };
  }

  window.intermissionBanner = init;

  if (script && !script.hasAttribute('data-manual')) {
    const options = {
      status: script.getAttribute('data-status') || undefined,
      interval: script.getAttribute('data-interval') || undefined,
      target: script.getAttribute('data-target') || undefined
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => init(options));
    } else {
      init(options);
    }
  }
}());
