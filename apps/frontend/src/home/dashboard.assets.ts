/** Styles of the dashboard (GET /). */
export const DASHBOARD_CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}
header{background:#294172;color:#fff;padding:8px 16px}header a{color:#fff}
h1{font-size:20px;margin:0 0 4px}h1 a{text-decoration:none}
main{padding:12px 16px}
form.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:12px}
form.filters input,form.filters select{padding:3px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #ddd;vertical-align:top}
.state{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;background:#777}
.s-wait{background:#8a6d00}.s-generating{background:#1b6ac9}.s-done{background:#2b7a0b}.s-failed{background:#b3261e}.s-removed{background:#666}
.pager{margin-top:8px;display:flex;gap:8px;align-items:center}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0;word-break:break-all}
pre.log{background:#111;color:#ddd;padding:8px;max-height:320px;overflow:auto;white-space:pre-wrap}
.msg{padding:6px;margin:8px 0;background:#eef}.err{background:#fdd}
`;

/**
 * The dashboard script: a hash router over the JSON API (relative URLs, so it works behind a
 * path prefix) with live updates from the /api/1/events/ Server-Sent Events stream.
 */
export const DASHBOARD_JS = String.raw`'use strict';
(function () {
  var app = document.getElementById('app');
  var TYPES = ['', 'tag', 'module', 'repo', 'pulp', 'raw_config', 'build', 'pungi_compose'];
  var STATES = ['wait', 'generating', 'done', 'removed', 'failed'];
  var STATE_EVENT = 'compose.state-changed.v1';
  var current = null; // cleanup of the view on screen
  var me = { username: null, is_admin: false, allowed: {} }; // the caller (api/1/whoami/), loaded at start

  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { el.append(c instanceof Node ? c : String(c)); });
    return el;
  }
  function badge(state) { return h('span', { class: 'state s-' + state, 'data-state': state }, [state]); }
  function api(method, path, body) {
    // X-Requested-With: a browser login's session cookie counts only with it (CSRF defence).
    var headers = { 'x-requested-with': 'odcs-dashboard' };
    if (body) headers['content-type'] = 'application/json';
    return fetch('api/1/' + path, {
      method: method, headers: headers,
      body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.message || ('HTTP ' + r.status));
        return j;
      });
    });
  }
  function show(v) { return v === null || v === undefined || v === '' ? '-' : Array.isArray(v) ? v.join(' ') || '-' : String(v); }
  function when(t) { return t ? new Date(t).toLocaleString() : '-'; }
  function link(url, text) { return url ? h('a', { href: url }, [text || url]) : '-'; }
  function message(text, isError) { return h('div', { class: 'msg' + (isError ? ' err' : ''), role: 'status' }, [text]); }

  function route() {
    if (current) current();
    current = null;
    app.replaceChildren();
    var m = /^#\/compose\/(\d+)$/.exec(location.hash);
    if (m) current = detail(Number(m[1]));
    else current = list(new URLSearchParams(location.hash.replace(/^#\/?\??/, '')));
  }

  function list(params) {
    var fields = [['search', 'source_contains', 'text in source'], ['owner', 'owner', 'owner'], ['label', 'label', 'label']];
    var form = h('form', { class: 'filters' }, fields.map(function (f) {
      return h('input', { name: f[1], placeholder: f[2], 'aria-label': f[0], value: params.get(f[1]) || '' });
    }));
    function select(name, options) {
      var s = h('select', { name: name, 'aria-label': name }, [h('option', { value: '' }, ['any ' + name.replace('_', ' ')])]
        .concat(options.map(function (o) { return h('option', { value: o }, [o]); })));
      s.value = params.get(name) || '';
      return s;
    }
    form.append(select('source_type', TYPES.slice(1)), select('state', STATES), h('button', { type: 'submit' }, ['Filter']));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var q = new URLSearchParams();
      new FormData(form).forEach(function (v, k) { if (v) q.set(k, v); });
      location.hash = '#/?' + q.toString();
    });
    var body = h('tbody');
    var pager = h('div', { class: 'pager' });
    app.append(form, h('table', {}, [h('thead', {}, [h('tr', {}, ['ID', 'State', 'Type', 'Owner', 'Source', 'Label', 'Submitted', 'Progress']
      .map(function (t) { return h('th', {}, [t]); }))]), body]), pager);
    var page = Number(params.get('page') || 1);
    function go(p) { params.set('page', String(p)); location.hash = '#/?' + params.toString(); }
    function load() {
      var q = new URLSearchParams(params);
      q.set('per_page', q.get('per_page') || '20');
      api('GET', 'composes/?' + q.toString()).then(function (res) {
        body.replaceChildren.apply(body, res.items.map(function (c) {
          return h('tr', { 'data-id': c.id }, [h('td', {}, [h('a', { href: '#/compose/' + c.id }, [String(c.id)])]), h('td', {}, [badge(c.state_name)]),
            TYPES[c.source_type] || c.source_type, show(c.owner), show(c.source), show(c.label), when(c.time_submitted), show(c.progress)]
            .map(function (x) { return x instanceof Node && x.tagName === 'TD' ? x : h('td', {}, [x]); }));
        }));
        if (res.items.length === 0) body.append(h('tr', {}, [h('td', { colspan: 8 }, ['No composes.'])]));
        var m = res.meta;
        pager.replaceChildren(h('button', { disabled: m.prev ? null : '', onclick: function () { go(page - 1); } }, ['Previous']),
          h('span', {}, ['page ' + m.page + ' of ' + m.pages + ' (' + m.total + ' composes)']),
          h('button', { disabled: m.next ? null : '', onclick: function () { go(page + 1); } }, ['Next']));
      }, function (e) { pager.replaceChildren(message(e.message, true)); });
    }
    load();
    var timer = null;
    var events = new EventSource('api/1/events/');
    events.addEventListener(STATE_EVENT, function () { clearTimeout(timer); timer = setTimeout(load, 250); });
    return function () { events.close(); clearTimeout(timer); };
  }

  function detail(id) {
    var info = h('dl');
    var timeline = h('tbody');
    var log = h('pre', { class: 'log', 'aria-label': 'log' });
    var status = h('div');
    var ttl = h('input', { type: 'number', min: '1', value: '86400', 'aria-label': 'seconds to live' });
    // Renew works on done, failed and removed composes; delete on all but removed ones. Each is offered
    // only to a caller who may use it (whoami); the server still checks every request.
    var extend = h('button', { onclick: function () { act('PATCH', { seconds_to_live: Number(ttl.value) }, 'Extended'); } }, ['Extend']);
    var remove = h('button', { onclick: function () { if (confirm('Delete compose ' + id + '?')) act('DELETE', null, 'Deleted'); } }, ['Delete']);
    var extendBox = h('span', { hidden: '' }, [extend, ' by ', ttl, ' seconds ']);
    var removeBox = h('span', { hidden: '' }, [remove]);
    var compose = null;
    var logOffset = 0;
    var closed = false;
    app.append(h('h2', {}, ['Compose ' + id]), info,
      h('p', {}, [extendBox, removeBox]),
      status, h('h3', {}, ['Timeline']), h('table', {}, [h('thead', {}, [h('tr', {}, [h('th', {}, ['State']), h('th', {}, ['Time']), h('th', {}, ['Reason'])])]), timeline]),
      h('h3', {}, ['Log']), log);
    function act(method, body, done) {
      api(method, 'composes/' + id, body).then(function (res) {
        status.replaceChildren(message(done + ': ' + (res.message || ('compose ' + res.id + ' ' + res.state_name))));
        refresh();
      }, function (e) { status.replaceChildren(message(e.message, true)); });
    }
    function render(c) {
      compose = c;
      var running = c.state_name === 'wait' || c.state_name === 'generating';
      extend.disabled = running;
      remove.disabled = c.state_name === 'removed';
      extendBox.hidden = !me.allowed.renew_compose;
      // Others' composes and finished ones: admins only; one's own waiting or generating compose: its owner.
      removeBox.hidden = !me.allowed.delete_compose || !(me.is_admin || (running && c.owner === me.username));
      var rows = [['State', badge(c.state_name)], ['Reason', show(c.state_reason)], ['Progress', show(c.progress)], ['Owner', show(c.owner)],
        ['Source', (TYPES[c.source_type] || c.source_type) + ' ' + show(c.source)], ['Packages', show(c.packages)], ['Builds', show(c.builds)],
        ['Flags', show(c.flags)], ['Arches', show(c.arches)], ['Label', show(c.label)], ['Koji event', show(c.koji_event)],
        ['Submitted', when(c.time_submitted)], ['Started', when(c.time_started)], ['Done', when(c.time_done)],
        ['Expires', when(c.time_to_expire)], ['Removed', when(c.time_removed)], ['Pungi compose', show(c.pungi_compose_id)],
        ['Repository', link(c.result_repo)], ['Repo file', link(c.result_repofile)], ['Top level', link(c.toplevel_url)],
        ['Log file', link(c.toplevel_url && c.toplevel_url + '/pungi-stderr.log')]];
      info.replaceChildren.apply(info, rows.reduce(function (a, r) { return a.concat([h('dt', {}, [r[0]]), h('dd', { 'data-key': r[0] }, [r[1]])]); }, []));
    }
    function refresh() {
      return api('GET', 'composes/' + id).then(render, function (e) { status.replaceChildren(message(e.message, true)); });
    }
    function tail() {
      if (!compose || !compose.toplevel_url) return Promise.resolve();
      return fetch(compose.toplevel_url + '/pungi-stderr.log', { headers: { range: 'bytes=' + logOffset + '-' } }).then(function (r) {
        if (r.status !== 206 && r.status !== 200) return;
        return r.arrayBuffer().then(function (buf) {
          var bytes = new Uint8Array(buf);
          if (r.status === 200) bytes = bytes.slice(logOffset);
          logOffset += bytes.length;
          log.append(new TextDecoder().decode(bytes));
          log.scrollTop = log.scrollHeight;
        });
      }).catch(function () {});
    }
    // Progress is not an event: poll it (and the log) while the compose is being generated.
    function poll() {
      if (closed) return;
      var busy = compose && (compose.state_name === 'wait' || compose.state_name === 'generating');
      (busy ? refresh() : Promise.resolve()).then(tail).then(function () { if (!closed) pollTimer = setTimeout(poll, 2000); });
    }
    var pollTimer = null;
    refresh().then(poll);
    var events = new EventSource('api/1/events/?compose_id=' + id);
    events.addEventListener(STATE_EVENT, function (e) {
      var ev = JSON.parse(e.data);
      var c = ev.payload.compose;
      timeline.append(h('tr', { 'data-state': c.state_name }, [h('td', {}, [badge(c.state_name)]), h('td', {}, [when(ev.occurred_at)]), h('td', {}, [show(c.state_reason)])]));
      refresh().then(tail);
    });
    return function () { closed = true; events.close(); clearTimeout(pollTimer); };
  }

  window.addEventListener('hashchange', route);
  api('GET', 'whoami/').then(function (w) { me = w; }, function () {}).then(function () {
    var who = me.username === null ? 'anonymous' : me.username + (me.is_admin ? ' (admin)' : '');
    document.querySelector('header nav').append(' · ', h('span', { id: 'me' }, [who]));
    route();
  });
})();
`;
