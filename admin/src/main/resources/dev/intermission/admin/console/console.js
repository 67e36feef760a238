/*
 * The maintenance console. It talks only to the admin endpoint it is served by (the same strict routes as curl and
 * the command line), sends the admin token as "Authorization: Bearer", keeps it in memory (or in sessionStorage when
 * asked, never in a cookie), and puts every value from the server into the page as text, never as markup.
 */
(function () {
  'use strict';

  const TOKEN_KEY = 'intermission.console.token';
  const POLL_MS = 4000;
  const HIDDEN_POLL_MS = 30000;
  const HISTORY_PAGE = 10;
  const HISTORY_MAX = 1000;
  const MIGRATIONS_STEP = 10;
  const NOTIFICATIONS_SHOWN = 10;

  const base = new URL('./', window.location.href);
  const $ = (id) => document.getElementById(id);

  const state = {
    token: null,
    status: null,
    etag: null,
    offset: 0,
    version: null,
    historyPage: 0,
    historyVersion: null,
    migrationsLimit: MIGRATIONS_STEP,
    migrationsVersion: null,
    migrationsRunning: false,
    migrations: null,
    notifications: null,
    instances: null,
    pending: null,
    timer: null,
    noticeTimer: null
  };

  // ------------------------------------------------------------------ small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function setText(node, text) {
    clear(node);
    node.textContent = text === undefined || text === null ? '' : String(text);
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function serverNow() {
    return Date.now() + state.offset;
  }

  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  function relative(ms) {
    const future = ms > 0;
    const abs = Math.abs(ms);
    let words;
    if (abs < 60000) {
      return future ? 'in less than a minute' : 'less than a minute ago';
    } else if (abs < 90 * 60000) {
      const m = Math.round(abs / 60000);
      words = m === 1 ? 'a minute' : m + ' minutes';
    } else if (abs < 36 * 3600000) {
      words = Math.round(abs / 3600000) + ' hours';
    } else {
      words = Math.round(abs / 86400000) + ' days';
    }
    return future ? 'in ' + words : words + ' ago';
  }

  /** A <time> element for an ISO instant, or a muted dash. */
  function timeNode(iso, withRelative) {
    if (!iso) {
      return el('span', 'empty', 'none');
    }
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return el('span', null, iso);
    }
    const node = el('time', null, dateFormat.format(date)
        + (withRelative === false ? '' : ' (' + relative(date.getTime() - serverNow()) + ')'));
    node.setAttribute('datetime', iso);
    node.setAttribute('title', iso);
    return node;
  }

  function duration(ms) {
    if (ms === null || ms === undefined || Number.isNaN(ms)) {
      return '';
    }
    if (ms < 1000) {
      return Math.round(ms) + ' ms';
    }
    const s = ms / 1000;
    if (s < 60) {
      return (s < 10 ? s.toFixed(1) : Math.round(s)) + ' s';
    }
    const m = Math.floor(s / 60);
    if (m < 60) {
      return m + ' min ' + Math.round(s - m * 60) + ' s';
    }
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  const MODE_WORDS = { 'off': 'Off', 'read-only': 'Read-only', 'full': 'Full' };

  function modeWord(mode) {
    return MODE_WORDS[mode] || String(mode);
  }

  function words(name) {
    const text = String(name || '').toLowerCase().replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function announce(text) {
    const notice = $('notice');
    setText(notice, text);
    show(notice, true);
    clearTimeout(state.noticeTimer);
    state.noticeTimer = setTimeout(() => show(notice, false), 15000);
  }

  function problemText(answer) {
    if (answer.status === 0) {
      return 'The server cannot be reached. Check the connection; this page keeps trying.';
    }
    const p = answer.json;
    if (p && typeof p.detail === 'string' && p.detail) {
      return p.detail;
    }
    return 'The server answered ' + answer.status + '.';
  }

  function showError(node, text) {
    setText(node, text);
    show(node, !!text);
  }

  // ------------------------------------------------------------------ the endpoint

  async function api(method, path, options) {
    const opts = options || {};
    const headers = { 'Accept': 'application/json' };
    if (state.token) {
      headers['Authorization'] = 'Bearer ' + state.token;
    }
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (opts.etag) {
      headers['If-None-Match'] = opts.etag;
    }
    let response;
    try {
      response = await fetch(new URL(path, base), {
        method: method,
        headers: headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        cache: 'no-store',
        credentials: 'same-origin',
        redirect: 'error'
      });
    } catch (e) {
      return { status: 0, json: null, etag: null };
    }
    const date = Date.parse(response.headers.get('Date') || '');
    if (!Number.isNaN(date)) {
      state.offset = date - Date.now();
    }
    let json = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.indexOf('json') >= 0) {
      try {
        json = await response.json();
      } catch (e) {
        json = null;
      }
    }
    return { status: response.status, json: json, etag: response.headers.get('ETag') };
  }

  // ------------------------------------------------------------------ signing in

  function restoreToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function keepToken(token) {
    try {
      if (token) {
        window.sessionStorage.setItem(TOKEN_KEY, token);
      } else {
        window.sessionStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // Storage is off: the token lives in this page only.
    }
  }

  async function signIn(token, remember, quiet) {
    const error = $('signin-error');
    showError(error, '');
    if (!token) {
      showError(error, 'Enter the admin token.');
      $('token').setAttribute('aria-invalid', 'true');
      $('token').focus();
      return;
    }
    state.token = token;
    const answer = await api('GET', 'history?limit=1');
    if (answer.status !== 200) {
      state.token = null;
      keepToken(null);
      if (quiet) {
        return;
      }
      $('token').setAttribute('aria-invalid', 'true');
      if (answer.status === 401) {
        showError(error, 'Sign-in refused: that token is not valid. Check it and try again.');
      } else if (answer.status === 403) {
        showError(error, 'Sign-in refused: ' + problemText(answer));
      } else {
        showError(error, 'Cannot sign in: ' + problemText(answer));
      }
      $('token').focus();
      return;
    }
    $('token').removeAttribute('aria-invalid');
    $('token').value = '';
    keepToken(remember ? token : null);
    signedIn(true);
    if (!quiet) {
      $('signout').focus();
      announce('Signed in. Changes are made under this token\'s name.');
    }
    state.etag = null;
    state.historyVersion = null;
    state.migrationsVersion = null;
    state.instances = null;
    await refresh();
  }

  function signOut(message) {
    state.token = null;
    keepToken(null);
    signedIn(false);
    state.etag = null;
    state.instances = null;
    state.notifications = null;
    if (message) {
      showError($('signin-error'), message);
    } else {
      announce('Signed out.');
    }
    refresh();
  }

  function signedIn(yes) {
    show($('signin'), !yes);
    show($('signed-in'), yes);
    show($('change'), yes);
    show($('schedule'), yes);
    document.body.classList.toggle('operator', yes);
    if (!yes) {
      show($('migrations'), false);
      show($('notifications'), false);
      show($('instances'), false);
      show($('history-table'), false);
      show($('history-pager'), false);
      show($('history-note'), true);
      showError($('history-error'), '');
    }
  }

  // ------------------------------------------------------------------ the state

  async function refreshStatus() {
    const answer = await api('GET', '', { etag: state.etag });
    const error = $('state-error');
    if (answer.status === 304 && state.status) {
      showError(error, '');
      renderStatus(state.status);
      return true;
    }
    if (answer.status === 200 && answer.json) {
      showError(error, '');
      state.etag = answer.etag;
      state.status = answer.json;
      renderStatus(answer.json);
      return true;
    }
    if (answer.status === 401 && state.token) {
      signOut('The token is no longer accepted. Sign in again.');
      return false;
    }
    if (answer.status === 401) {
      show($('state-body'), false);
      showError(error, 'The state is not public here: sign in to see it.');
      return false;
    }
    showError(error, 'Cannot read the state: ' + problemText(answer));
    return false;
  }

  function renderStatus(s) {
    show($('state-body'), true);
    setText($('service-name'), s.service ? '· ' + s.service : '');
    document.title = 'Maintenance' + (s.service ? ': ' + s.service : '');
    const mode = s.effectiveMode || 'off';
    const badge = $('mode-badge');
    badge.className = 'badge ' + mode;
    setText(badge, mode === 'off' ? 'Open' : mode === 'full' ? 'Down for maintenance' : 'Read-only');
    let summary;
    if (mode === 'off') {
      summary = 'Every request passes.';
    } else if (mode === 'read-only') {
      summary = 'Reads pass; changes are refused with 503.';
    } else {
      summary = 'Every request is refused with 503, except allow-listed ones.';
    }
    if (s.window && s.upcomingWindow) {
      summary += ' A window is scheduled.';
    }
    setText($('state-summary'), summary);

    const message = $('f-message');
    clear(message);
    message.appendChild(s.message ? el('span', null, s.message) : el('span', 'empty', 'none'));
    replace($('f-since'), timeNode(s.since));
    replace($('f-until'), timeNode(s.until));

    const stored = $('f-mode');
    clear(stored);
    stored.appendChild(el('span', null, modeWord(s.mode)));
    if (s.mode !== 'off' && s.storedMessage !== undefined && s.storedMessage !== s.message) {
      stored.appendChild(el('span', 'hint', ' (message: ' + (s.storedMessage || 'none') + ')'));
    }

    const windowNode = $('f-window');
    clear(windowNode);
    if (s.window) {
      windowNode.appendChild(el('span', null, modeWord(s.window.mode) + ' '
          + (s.upcomingWindow ? '(upcoming) ' : '(open now) ') + 'from '));
      windowNode.appendChild(timeNode(s.window.start));
      windowNode.appendChild(el('span', null, ' to '));
      windowNode.appendChild(timeNode(s.window.end));
      if (s.window.message) {
        windowNode.appendChild(el('div', null, 'Message: ' + s.window.message));
      }
      if (s.window.noticeAt && s.upcomingWindow) {
        const notice = el('div', 'notice-at');
        notice.appendChild(el('span', null, Date.parse(s.window.noticeAt) > serverNow()
            ? 'Not public yet: announced from ' : 'Public since '));
        notice.appendChild(timeNode(s.window.noticeAt));
        windowNode.appendChild(notice);
      }
    } else {
      windowNode.appendChild(el('span', 'empty', 'none'));
    }

    const operator = s.version !== undefined;
    document.querySelectorAll('.facts .operator').forEach((node) => show(node, operator));
    setText($('f-version'), operator ? s.version : '');
    const changed = $('f-changed');
    clear(changed);
    if (operator && s.changedBy) {
      changed.appendChild(el('span', null, s.changedBy + ', '));
      changed.appendChild(timeNode(s.changedAt));
    } else {
      changed.appendChild(el('span', 'empty', 'none'));
    }

    const overdue = $('overdue');
    show(overdue, !!s.overdue);
    if (s.overdue) {
      clear(overdue);
      overdue.appendChild(el('strong', null, 'Overdue: '));
      overdue.appendChild(el('span', null, 'maintenance was expected to end at '));
      overdue.appendChild(timeNode(s.until));
      overdue.appendChild(el('span', null, ' and is still on.'));
    }
    const stale = $('stale');
    show(stale, !!s.stale);
    if (s.stale) {
      clear(stale);
      stale.appendChild(el('strong', null, 'Stale: '));
      stale.appendChild(el('span', null, 'this server could not read the state recently and shows the last state '
          + 'it read'));
      if (s.lastRefreshed) {
        stale.appendChild(el('span', null, ', at '));
        stale.appendChild(timeNode(s.lastRefreshed));
      }
      stale.appendChild(el('span', null, '.'));
    }
    replace($('f-checked'), timeNode(new Date(serverNow()).toISOString(), false));

    state.version = operator ? s.version : null;
    show($('schedule-cancel'), !!(state.token && s.window));
  }

  function replace(node, child) {
    clear(node);
    node.appendChild(child);
  }

  // ------------------------------------------------------------------ changes

  function untilFromForm() {
    const choice = $('change-until-choice').value;
    if (!choice) {
      return { ok: true, value: null };
    }
    if (choice === 'at') {
      const date = fromLocalInput($('change-until').value);
      if (!date) {
        return { ok: false, field: 'until', text: 'Expected end: choose a date and time.' };
      }
      if (date.getTime() <= serverNow()) {
        return { ok: false, field: 'until', text: 'Expected end: must be in the future.' };
      }
      return { ok: true, value: date };
    }
    return { ok: true, value: new Date(serverNow() + Number(choice) * 60000) };
  }

  function fromLocalInput(value) {
    if (!value) {
      return null;
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  function toLocalInput(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T'
        + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function markInvalid(form, field) {
    form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
    if (!field) {
      return;
    }
    const ids = {
      'change-form': { mode: 'change-form', message: 'change-message', until: 'change-until-choice',
        autoOff: 'change-auto-off' },
      'schedule-form': { start: 'schedule-start', end: 'schedule-end', mode: 'schedule-mode',
        message: 'schedule-message', noticeAt: 'schedule-notice' }
    };
    const id = (ids[form.id] || {})[field];
    const node = id ? $(id) : null;
    if (node && node !== form) {
      node.setAttribute('aria-invalid', 'true');
      node.focus();
    }
  }

  function selectedMode() {
    const checked = document.querySelector('input[name=mode]:checked');
    return checked ? checked.value : 'off';
  }

  function syncChangeForm() {
    const off = selectedMode() === 'off';
    $('change-message').disabled = off;
    $('change-until-choice').disabled = off;
    $('change-auto-off').disabled = off;
    show($('change-until'), !off && $('change-until-choice').value === 'at');
  }

  function reviewChange(event) {
    event.preventDefault();
    const form = $('change-form');
    const error = $('change-error');
    showError(error, '');
    markInvalid(form, null);
    if (state.version === null) {
      showError(error, 'The state has not been read yet; wait a moment and try again.');
      return;
    }
    const mode = selectedMode();
    const body = { mode: mode, expectedVersion: state.version };
    const rows = [['Mode', modeWord(mode)]];
    if (mode !== 'off') {
      const message = $('change-message').value.trim();
      const until = untilFromForm();
      if (!until.ok) {
        showError(error, until.text);
        markInvalid(form, until.field);
        return;
      }
      const autoOff = $('change-auto-off').checked;
      if (autoOff && !until.value) {
        showError(error, 'End by itself: choose an expected end.');
        markInvalid(form, 'autoOff');
        return;
      }
      body.message = message || null;
      rows.push(['Message', message || '(none: the default text)']);
      if (until.value) {
        body.until = until.value.toISOString();
        rows.push(['Expected end', dateFormat.format(until.value)]);
      } else {
        rows.push(['Expected end', 'not announced']);
      }
      if (autoOff) {
        body.autoOff = true;
        rows.push(['Ends', 'by itself at the expected end, on every instance']);
      }
    }
    openConfirm({
      title: mode === 'off' ? 'Switch maintenance off?' : 'Switch to ' + modeWord(mode).toLowerCase() + '?',
      rows: rows,
      version: state.version,
      ok: mode === 'off' ? 'Switch off' : 'Switch on',
      run: async () => {
        const answer = await api('PATCH', '', { body: body });
        return afterChange(answer, form, error, 'Maintenance is now ' + modeWord(mode).toLowerCase());
      }
    });
  }

  function reviewSchedule(event) {
    event.preventDefault();
    const form = $('schedule-form');
    const error = $('schedule-error');
    showError(error, '');
    markInvalid(form, null);
    if (state.version === null) {
      showError(error, 'The state has not been read yet; wait a moment and try again.');
      return;
    }
    const start = fromLocalInput($('schedule-start').value);
    const end = fromLocalInput($('schedule-end').value);
    if (!start) {
      showError(error, 'Start: choose a date and time.');
      markInvalid(form, 'start');
      return;
    }
    if (!end) {
      showError(error, 'End: choose a date and time.');
      markInvalid(form, 'end');
      return;
    }
    if (end.getTime() <= start.getTime()) {
      showError(error, 'End: must be after the start.');
      markInvalid(form, 'end');
      return;
    }
    const noticeText = $('schedule-notice').value;
    const notice = fromLocalInput(noticeText);
    if (noticeText && !notice) {
      showError(error, 'Announce from: choose a date and time, or leave it empty.');
      markInvalid(form, 'noticeAt');
      return;
    }
    if (notice && notice.getTime() > start.getTime()) {
      showError(error, 'Announce from: must not be after the start.');
      markInvalid(form, 'noticeAt');
      return;
    }
    const mode = $('schedule-mode').value;
    const message = $('schedule-message').value.trim();
    const body = {
      start: start.toISOString(),
      end: end.toISOString(),
      mode: mode,
      message: message || null,
      expectedVersion: state.version
    };
    if (notice) {
      body.noticeAt = notice.toISOString();
    }
    openConfirm({
      title: state.status && state.status.window ? 'Replace the scheduled window?' : 'Schedule this window?',
      rows: [['Mode', modeWord(mode)], ['Start', dateFormat.format(start)], ['End', dateFormat.format(end)],
        ['Lasts', duration(end.getTime() - start.getTime())], ['Message', message || '(none)'],
        ['Public', notice ? 'from ' + dateFormat.format(notice) : 'at once']],
      version: state.version,
      ok: 'Schedule',
      run: async () => {
        const answer = await api('PUT', 'schedule', { body: body });
        return afterChange(answer, form, error, 'The window is scheduled');
      }
    });
  }

  function reviewCancel() {
    const form = $('schedule-form');
    const error = $('schedule-error');
    showError(error, '');
    const w = state.status && state.status.window;
    if (!w || state.version === null) {
      return;
    }
    const version = state.version;
    openConfirm({
      title: 'Cancel the scheduled window?',
      rows: [['Mode', modeWord(w.mode)], ['Start', dateFormat.format(new Date(w.start))],
        ['End', dateFormat.format(new Date(w.end))], ['Message', w.message || '(none)']],
      version: version,
      ok: 'Cancel the window',
      run: async () => {
        const answer = await api('DELETE', 'schedule?expectedVersion=' + encodeURIComponent(version));
        return afterChange(answer, form, error, 'The window is cancelled');
      }
    });
  }

  /** Handles the answer to a change; returns true when the dialog may close. */
  async function afterChange(answer, form, error, done) {
    if (answer.status === 200 && answer.json) {
      state.status = answer.json;
      state.etag = null;
      renderStatus(answer.json);
      announce(done + ' (version ' + answer.json.version + ').');
      show($('conflict'), false);
      await refreshDetails(true);
      return true;
    }
    if (answer.status === 409 && answer.json && answer.json.expectedVersion === undefined) {
      // Refused for what the state is (maintenance on by hand, say), not for a concurrent change.
      showError(error, problemText(answer));
      markInvalid(form, answer.json.field);
      return true;
    }
    if (answer.status === 409) {
      await showConflict(answer.json);
      return true;
    }
    if (answer.status === 401) {
      signOut('The token is no longer accepted. Sign in again.');
      return true;
    }
    showError(error, problemText(answer));
    markInvalid(form, answer.json && answer.json.field);
    return true;
  }

  async function showConflict(problem) {
    state.etag = null;
    await refreshStatus();
    const s = state.status || {};
    const expected = problem && problem.expectedVersion !== undefined ? problem.expectedVersion : '?';
    const current = problem && problem.currentVersion !== undefined ? problem.currentVersion : s.version;
    const text = $('conflict-text');
    clear(text);
    text.appendChild(el('span', null, 'This page showed version ' + expected + ', but the state is now at version '
        + current + (s.changedBy ? ', changed by ' + s.changedBy : '')));
    if (s.changedAt) {
      text.appendChild(el('span', null, ' at '));
      text.appendChild(timeNode(s.changedAt));
    }
    text.appendChild(el('span', null, ': now ' + modeWord(s.effectiveMode) + '.'));
    show($('conflict'), true);
    $('conflict').focus();
    await refreshDetails(true);
  }

  // ------------------------------------------------------------------ confirmation

  function openConfirm(options) {
    const dialog = $('confirm');
    state.pending = options;
    setText($('confirm-title'), options.title);
    const summary = $('confirm-summary');
    clear(summary);
    options.rows.forEach((row) => {
      const wrap = el('div');
      wrap.appendChild(el('dt', null, row[0]));
      wrap.appendChild(el('dd', null, row[1]));
      summary.appendChild(wrap);
    });
    setText($('confirm-version'), 'Applies only if the state is still at version ' + options.version
        + ', as shown; if anyone changed it since, nothing is changed and you will see what changed.');
    setText($('confirm-ok'), options.ok);
    $('confirm-ok').disabled = false;
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    $('confirm-ok').focus();
  }

  function closeConfirm() {
    const dialog = $('confirm');
    state.pending = null;
    if (dialog.open) {
      if (typeof dialog.close === 'function') {
        dialog.close();
      } else {
        dialog.removeAttribute('open');
      }
    }
  }

  async function confirmPending(event) {
    event.preventDefault();
    const pending = state.pending;
    if (!pending) {
      closeConfirm();
      return;
    }
    $('confirm-ok').disabled = true;
    try {
      await pending.run();
    } finally {
      closeConfirm();
    }
  }

  // ------------------------------------------------------------------ history

  const ACTIONS = {
    ENABLE: 'Switched on',
    DISABLE: 'Switched off',
    SCHEDULE: 'Scheduled a window',
    CANCEL_SCHEDULE: 'Cancelled the window'
  };

  const ORIGINS = {
    CODE: 'Application code',
    HTTP: 'Admin endpoint',
    CLI: 'Command line',
    SCHEDULE: 'Schedule',
    MIGRATION: 'Migration window'
  };

  async function loadHistory() {
    if (!state.token) {
      return;
    }
    const limit = Math.min((state.historyPage + 1) * HISTORY_PAGE + 1, HISTORY_MAX);
    const answer = await api('GET', 'history?limit=' + limit);
    const error = $('history-error');
    if (answer.status !== 200 || !answer.json) {
      showError(error, 'Cannot read the history: ' + problemText(answer));
      return;
    }
    showError(error, '');
    const entries = Array.isArray(answer.json.entries) ? answer.json.entries : [];
    const first = state.historyPage * HISTORY_PAGE;
    if (first >= entries.length && state.historyPage > 0) {
      state.historyPage = Math.max(0, Math.ceil(entries.length / HISTORY_PAGE) - 1);
      return loadHistory();
    }
    const page = entries.slice(first, first + HISTORY_PAGE);
    const rows = $('history-rows');
    clear(rows);
    page.forEach((e) => rows.appendChild(historyRow(e)));
    show($('history-note'), page.length === 0);
    setText($('history-note'), page.length === 0 ? 'No change recorded yet.' : '');
    show($('history-table'), page.length > 0);
    const older = entries.length > first + HISTORY_PAGE && first + HISTORY_PAGE < HISTORY_MAX;
    show($('history-pager'), state.historyPage > 0 || older);
    $('history-newer').disabled = state.historyPage === 0;
    $('history-older').disabled = !older;
    setText($('history-page'), page.length ? 'Changes ' + (first + 1) + '–' + (first + page.length) : '');
  }

  function cell(label, content) {
    const td = el('td');
    td.setAttribute('data-label', label);
    if (content instanceof Node) {
      td.appendChild(content);
    } else {
      td.textContent = content === null || content === undefined ? '' : String(content);
    }
    return td;
  }

  function historyRow(e) {
    const tr = el('tr');
    tr.appendChild(cell('Version', e.version));
    tr.appendChild(cell('When', timeNode(e.at)));
    tr.appendChild(cell('Change', ACTIONS[e.action] || words(e.action)));
    tr.appendChild(cell('Mode', modeWord(e.previousMode) + ' → ' + modeWord(e.mode)));
    const message = el('span');
    message.textContent = e.message || '';
    if (e.until) {
      message.appendChild(el('div', 'hint', 'expected end '));
      message.lastChild.appendChild(timeNode(e.until, false));
    }
    tr.appendChild(cell('Message', message));
    const w = el('span');
    if (e.window) {
      w.appendChild(el('span', null, modeWord(e.window.mode) + ' '));
      w.appendChild(timeNode(e.window.start, false));
      w.appendChild(el('span', null, ' – '));
      w.appendChild(timeNode(e.window.end, false));
      if (e.window.message) {
        w.appendChild(el('div', 'hint', e.window.message));
      }
      if (e.window.noticeAt) {
        w.appendChild(el('div', 'hint', 'public from '));
        w.lastChild.appendChild(timeNode(e.window.noticeAt, false));
      }
    }
    tr.appendChild(cell('Window', w));
    tr.appendChild(cell('By', e.actor));
    tr.appendChild(cell('From', (ORIGINS[e.origin] || words(e.origin)) + (e.clientAddress ? ', ' + e.clientAddress
        : '')));
    return tr;
  }

  // ------------------------------------------------------------------ migration windows

  async function loadMigrations() {
    if (!state.token || state.migrations === false) {
      return;
    }
    const answer = await api('GET', 'migrations?limit=' + state.migrationsLimit);
    if (answer.status === 404) {
      state.migrations = false;
      show($('migrations'), false);
      return;
    }
    show($('migrations'), true);
    const error = $('migrations-error');
    if (answer.status !== 200 || !answer.json) {
      showError(error, 'Cannot read the migration windows: ' + problemText(answer));
      return;
    }
    showError(error, '');
    state.migrations = true;
    const windows = Array.isArray(answer.json.windows) ? answer.json.windows : [];
    state.migrationsRunning = windows.some((w) => w.running);
    const list = $('migrations-list');
    clear(list);
    windows.forEach((w) => list.appendChild(migrationItem(w)));
    show($('migrations-empty'), windows.length === 0);
    show($('migrations-more'), windows.length >= state.migrationsLimit && state.migrationsLimit < HISTORY_MAX);
  }

  function outcomeOf(w) {
    if (w.running) {
      return ['running', 'Running'];
    }
    if (!w.endedAt) {
      return ['failed', 'Interrupted'];
    }
    switch (w.outcome) {
      case 'SUCCEEDED': return ['ok', 'Succeeded'];
      case 'UP_TO_DATE': return ['ok', 'Up to date'];
      case 'FAILED': return ['failed', 'Failed'];
      default: return ['', words(w.outcome)];
    }
  }

  function migrationItem(w) {
    const li = el('li', 'window');
    const head = el('p', 'window-head');
    const outcome = outcomeOf(w);
    head.appendChild(el('span', 'badge ' + outcome[0], outcome[1]));
    head.appendChild(document.createTextNode(modeWord(w.mode) + ' window, started '));
    head.appendChild(timeNode(w.startedAt));
    if (w.startedAt && w.endedAt) {
      head.appendChild(document.createTextNode(', took '
          + duration(Date.parse(w.endedAt) - Date.parse(w.startedAt))));
    }
    li.appendChild(head);

    const facts = el('dl', 'facts');
    const fact = (label, value) => {
      const wrap = el('div');
      wrap.appendChild(el('dt', null, label));
      const dd = el('dd');
      if (value instanceof Node) {
        dd.appendChild(value);
      } else {
        dd.textContent = value === null || value === undefined || value === '' ? '–' : String(value);
      }
      wrap.appendChild(dd);
      facts.appendChild(wrap);
    };
    fact('Started by', w.actor);
    fact('Schema version', (w.versionBefore || 'none') + ' → ' + (w.versionAfter || w.versionBefore || 'none'));
    const applied = Array.isArray(w.applied) ? w.applied : [];
    const planned = Array.isArray(w.planned) ? w.planned : [];
    fact('Migrations', applied.length
        ? applied.map((m) => m.version + ' ' + (m.description || '') + ' (' + duration(m.executionMillis) + ')')
            .join('\n')
        : planned.length ? planned.length + ' planned, none applied' : 'none pending');
    if (w.note) {
      fact('Note', w.note);
    }
    li.appendChild(facts);

    const phases = w.phaseMillis && typeof w.phaseMillis === 'object' ? Object.keys(w.phaseMillis) : [];
    if (phases.length || w.failedPhase) {
      const label = el('p', 'hint', 'Phases');
      label.id = 'phases-' + w.id;
      li.appendChild(label);
      const ol = el('ol', 'phases');
      ol.setAttribute('aria-labelledby', label.id);
      phases.forEach((name) => {
        const failed = name === w.failedPhase;
        ol.appendChild(el('li', 'phase' + (failed ? ' failed' : ''),
            words(name) + ' ' + duration(w.phaseMillis[name]) + (failed ? ' (failed)' : '')));
      });
      if (w.failedPhase && phases.indexOf(w.failedPhase) < 0) {
        ol.appendChild(el('li', 'phase failed', words(w.failedPhase) + ' (failed)'));
      }
      li.appendChild(ol);
    }
    if (w.error) {
      const lines = String(w.error).split('\n');
      const first = lines[0].length > 300 ? lines[0].slice(0, 300) + '…' : lines[0];
      const reason = el('p', 'reason');
      reason.appendChild(el('strong', null, 'Failure' + (w.failedPhase ? ' in ' + words(w.failedPhase).toLowerCase()
          : '') + ': '));
      reason.appendChild(document.createTextNode(first));
      li.appendChild(reason);
      if (lines.length > 1 || first !== lines[0]) {
        const more = el('details', 'reason-more');
        more.appendChild(el('summary', null, 'The whole error (' + lines.length + ' lines)'));
        more.appendChild(el('pre', null, w.error));
        li.appendChild(more);
      }
    }
    li.appendChild(el('p', 'window-id', 'Window ' + w.id));
    return li;
  }

  // ------------------------------------------------------------------ notifications (when they run)

  const DELIVERY = {
    delivered: ['ok', 'Delivered'],
    pending: ['running', 'Pending'],
    failed: ['failed', 'Given up']
  };

  async function loadNotifications() {
    if (!state.token || state.notifications === false) {
      return;
    }
    const answer = await api('GET', 'notifications?limit=' + NOTIFICATIONS_SHOWN);
    if (answer.status === 404) {
      state.notifications = false;
      show($('notifications'), false);
      return;
    }
    const error = $('notifications-error');
    if (answer.status !== 200 || !answer.json) {
      if (state.notifications) {
        showError(error, 'Cannot read the notifications: ' + problemText(answer));
      }
      return;
    }
    showError(error, '');
    const items = Array.isArray(answer.json.notifications) ? answer.json.notifications : [];
    // None yet: asked again with the next refresh, so the section appears once there is something.
    state.notifications = items.length > 0 ? true : null;
    const list = $('notifications-list');
    clear(list);
    items.forEach((n) => list.appendChild(notificationItem(n)));
    // Shown once there is something to show.
    show($('notifications'), items.length > 0);
  }

  function notificationItem(n) {
    const li = el('li', 'window notification');
    const head = el('p', 'window-head');
    head.appendChild(el('span', 'badge', words(n.type || 'event')));
    head.appendChild(document.createTextNode((n.summary || '') + ' '));
    head.appendChild(timeNode(n.occurredAt));
    li.appendChild(head);
    const deliveries = Array.isArray(n.deliveries) ? n.deliveries : [];
    if (!deliveries.length) {
      li.appendChild(el('p', 'hint', 'Recorded; no webhook takes this event.'));
    }
    deliveries.forEach((d) => {
      const block = el('div', 'delivery');
      const status = DELIVERY[d.status] || ['', words(d.status || '')];
      const line = el('p', 'delivery-head');
      line.appendChild(el('span', 'badge ' + status[0], status[1]));
      line.appendChild(document.createTextNode(d.webhook + ': ' + d.attemptCount + ' attempt'
          + (d.attemptCount === 1 ? '' : 's')));
      if (d.status === 'pending' && d.nextAttemptAt) {
        line.appendChild(document.createTextNode(', next '));
        line.appendChild(timeNode(d.nextAttemptAt));
      }
      block.appendChild(line);
      const attempts = Array.isArray(d.attempts) ? d.attempts : [];
      if (attempts.length) {
        const ol = el('ol', 'attempts');
        ol.setAttribute('aria-label', 'Attempts to deliver to ' + d.webhook);
        attempts.forEach((a) => {
          const item = el('li', 'attempt' + (a.succeeded ? ' ok' : ' failed'));
          item.appendChild(document.createTextNode('#' + a.number + ' '));
          item.appendChild(timeNode(a.at, false));
          item.appendChild(document.createTextNode(': ' + (a.succeeded ? 'accepted' : 'failed')
              + (a.statusCode !== null && a.statusCode !== undefined ? ', HTTP ' + a.statusCode : '')
              + ', ' + duration(a.durationMillis)
              + (a.error && a.error !== 'HTTP ' + a.statusCode ? ' (' + a.error + ')' : '')
              + (a.holder ? ', by ' + a.holder : '')));
          ol.appendChild(item);
        });
        block.appendChild(ol);
      }
      li.appendChild(block);
    });
    li.appendChild(el('p', 'window-id', 'Notification ' + n.id));
    return li;
  }

  // ------------------------------------------------------------------ instances (when the endpoint has them)

  async function loadInstances() {
    if (state.instances === false) {
      return;
    }
    let list = state.status && Array.isArray(state.status.instances) ? state.status.instances : null;
    if (!list) {
      const answer = await api('GET', 'instances');
      if (answer.status === 404 || answer.status === 405) {
        state.instances = false;
        show($('instances'), false);
        return;
      }
      if (answer.status !== 200 || !answer.json) {
        show($('instances'), false);
        return;
      }
      list = Array.isArray(answer.json) ? answer.json
          : Array.isArray(answer.json.instances) ? answer.json.instances : null;
    }
    if (!list) {
      show($('instances'), false);
      return;
    }
    state.instances = true;
    renderInstances(list);
  }

  function renderInstances(list) {
    const keys = [];
    list.forEach((item) => {
      if (item && typeof item === 'object') {
        Object.keys(item).forEach((key) => {
          if (keys.indexOf(key) < 0) {
            keys.push(key);
          }
        });
      }
    });
    const head = $('instances-head');
    clear(head);
    keys.forEach((key) => {
      const th = el('th', null, words(key.replace(/([a-z])([A-Z])/g, '$1 $2')));
      th.setAttribute('scope', 'col');
      head.appendChild(th);
    });
    const rows = $('instances-rows');
    clear(rows);
    list.forEach((item) => {
      const tr = el('tr');
      keys.forEach((key) => {
        const value = item ? item[key] : null;
        const label = words(key.replace(/([a-z])([A-Z])/g, '$1 $2'));
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) {
          tr.appendChild(cell(label, timeNode(value)));
        } else if (value !== null && typeof value === 'object') {
          tr.appendChild(cell(label, JSON.stringify(value)));
        } else {
          tr.appendChild(cell(label, value));
        }
      });
      rows.appendChild(tr);
    });
    show($('instances'), true);
  }

  // ------------------------------------------------------------------ refreshing

  async function refreshDetails(force) {
    if (!state.token) {
      return;
    }
    const version = state.status ? state.status.version : null;
    if (force || version !== state.historyVersion) {
      state.historyVersion = version;
      await loadHistory();
    }
    if (force || version !== state.migrationsVersion || state.migrationsRunning) {
      state.migrationsVersion = version;
      await loadMigrations();
    }
    if (state.notifications !== false) {
      await loadNotifications();
    }
    if (state.instances !== false) {
      await loadInstances();
    }
  }

  async function refresh() {
    const ok = await refreshStatus();
    if (ok) {
      await refreshDetails(false);
    }
  }

  async function poll() {
    clearTimeout(state.timer);
    try {
      await refresh();
    } finally {
      clearTimeout(state.timer);
      state.timer = setTimeout(poll, document.hidden ? HIDDEN_POLL_MS : POLL_MS);
    }
  }

  // ------------------------------------------------------------------ wiring

  function prefillSchedule() {
    if ($('schedule-start').value || $('schedule-end').value) {
      return;
    }
    const start = new Date(serverNow() + 3600000);
    start.setMinutes(Math.ceil(start.getMinutes() / 15) * 15, 0, 0);
    $('schedule-start').value = toLocalInput(start);
    $('schedule-end').value = toLocalInput(new Date(start.getTime() + 3600000));
  }

  function start() {
    $('signin').addEventListener('submit', (event) => {
      event.preventDefault();
      signIn($('token').value.trim(), $('remember').checked, false);
    });
    $('signout').addEventListener('click', () => signOut());
    $('change-form').addEventListener('submit', reviewChange);
    document.querySelectorAll('input[name=mode]').forEach((radio) => radio.addEventListener('change',
        syncChangeForm));
    $('change-until-choice').addEventListener('change', () => {
      syncChangeForm();
      if ($('change-until-choice').value === 'at') {
        if (!$('change-until').value) {
          $('change-until').value = toLocalInput(new Date(serverNow() + 3600000));
        }
        $('change-until').focus();
      }
    });
    $('schedule-form').addEventListener('submit', reviewSchedule);
    $('schedule-cancel').addEventListener('click', reviewCancel);
    $('confirm-form').addEventListener('submit', confirmPending);
    $('confirm-back').addEventListener('click', closeConfirm);
    $('confirm').addEventListener('close', () => {
      state.pending = null;
    });
    $('conflict-dismiss').addEventListener('click', () => show($('conflict'), false));
    $('history-newer').addEventListener('click', () => {
      state.historyPage = Math.max(0, state.historyPage - 1);
      loadHistory();
    });
    $('history-older').addEventListener('click', () => {
      state.historyPage += 1;
      loadHistory();
    });
    $('migrations-more').addEventListener('click', () => {
      state.migrationsLimit = Math.min(state.migrationsLimit + MIGRATIONS_STEP, HISTORY_MAX);
      loadMigrations();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) {
        poll();
      }
    });
    syncChangeForm();
    prefillSchedule();
    signedIn(false);
    const saved = restoreToken();
    if (saved) {
      $('remember').checked = true;
      signIn(saved, true, true).then(poll);
    } else {
      poll();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
