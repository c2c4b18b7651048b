// zoneproof report: draws the summary, the graph, the findings table and
// the finding details from the JSON in #zoneproof-data. Input text (ARNs,
// Sids, condition values) is hostile: it only ever enters the page through
// textContent and attribute values, never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('zoneproof-data').textContent);
  var app = document.getElementById('app');
  var PAGE_SIZE = 50;
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var compared = data.summary.compared;

  var state = {
    text: '', status: '', type: '', publicity: '', change: '', resourceType: '',
    node: null, sortKey: 'severity', sortDir: 1, page: 0, selected: null
  };

  // ---- small DOM helpers -------------------------------------------------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    setProps(node, props);
    append(node, children);
    return node;
  }

  function svgEl(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    append(node, children);
    return node;
  }

  function setProps(node, props) {
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'on') Object.keys(value).forEach(function (ev) { node.addEventListener(ev, value[ev]); });
      else node.setAttribute(key, String(value));
    });
  }

  function append(node, children) {
    (Array.isArray(children) ? children : [children]).forEach(function (child) {
      if (child === undefined || child === null || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    });
  }

  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  function plural(n, one, many) { return fmt(n) + ' ' + (n === 1 ? one : many); }

  function clip(text, max) { return text.length > max ? text.slice(0, max - 1) + '\u2026' : text; }

  // Long ARNs and ids keep their start and their end: `arn:aws:iam::1111…/Okta`.
  function clipMiddle(text, max) {
    if (text.length <= max) return text;
    var head = Math.floor((max - 1) * 0.45);
    return text.slice(0, head) + '\u2026' + text.slice(text.length - (max - 1 - head));
  }

  // ---- the findings, prepared once ----------------------------------------

  var rows = data.findings.map(function (f, index) {
    var type = Object.keys(f.principal)[0] || '';
    var conditionText = Object.keys(f.condition).map(function (key) {
      return key + ' = ' + [].concat(f.condition[key]).join(', ');
    }).join('; ');
    var statements = [];
    f.sources.forEach(function (s) {
      (s.statements || []).forEach(function (st) { statements.push(st.sid ? st.sid : '#' + st.index); });
    });
    var rank = f.change === 'RESOLVED' ? 3 : (f.status === 'ACTIVE' ? (f.isPublic ? 0 : 1) : 2);
    return {
      f: f, index: index, principalType: type, principal: f.principal[type] || '',
      conditionText: conditionText,
      severity: rank * 2 + (f.change === 'NEW' ? 0 : 1),
      haystack: [f.id, f.resource, f.resourceType, f.resourceOwnerAccount, type, f.principal[type],
        f.action.join(' '), conditionText, statements.join(' '), f.archivedBy || '',
        f.origin ? f.origin.file : ''].join('\n').toLowerCase()
    };
  });

  // ---- header and summary -------------------------------------------------

  function header() {
    var s = data.summary;
    return el('header', { className: 'top' }, [
      el('h1', { text: data.title }),
      el('p', { className: 'meta', text: [data.source, plural(s.resources, 'resource', 'resources'),
        data.generator].filter(Boolean).join(' \u00b7 ') })
    ]);
  }

  function card(key, label, value, note, tone) {
    return el('div', { className: 'card ' + (tone || ''), 'data-count': key }, [
      el('div', { className: 'num', text: fmt(value) }),
      el('div', { className: 'label', text: label }),
      note ? el('div', { className: 'note', text: note }) : null
    ]);
  }

  function summary() {
    var s = data.summary;
    var cards = [
      card('public', 'public findings', s.publicActive,
        plural(s.publicResources, 'resource', 'resources') + ' open to anyone', s.publicActive ? 'bad' : 'good'),
      card('active', 'active findings', s.active,
        plural(s.exposedResources, 'resource', 'resources') + ' reached from outside', s.active ? 'warn' : 'good'),
      card('archived', 'archived findings', s.archived, 'intended access (archive rules)', 'quiet'),
      card('resources', 'resources scanned', s.resources,
        fmt(s.analyzed) + ' proved, ' + fmt(s.errors) + ' errors, ' + fmt(s.unknown) + ' unknown',
        s.errors + s.unknown ? 'bad' : '')
    ];
    if (compared) {
      cards.push(card('new', 'new since the baseline', s.new, null, s.new ? 'new' : 'good'));
      cards.push(card('unchanged', 'unchanged', s.unchanged, null, 'quiet'));
      cards.push(card('resolved', 'resolved', s.resolved, 'in the baseline, gone now', 'good'));
    }
    var section = el('section', { id: 'summary' }, [el('div', { className: 'cards' }, cards)]);
    if (s.errors + s.unknown > 0) {
      section.appendChild(el('p', { className: 'alarm', text: plural(s.errors + s.unknown, 'resource', 'resources') +
        ' could not be decided: their findings may be missing (see \u201cNot decided\u201d below).' }));
    }
    section.appendChild(el('div', { className: 'tables' }, [publicList(), typeTable(), resourceTypeTable()]));
    return section;
  }

  function publicList() {
    var seen = {};
    var publicRows = rows.filter(function (r) {
      if (!r.f.isPublic || r.f.change === 'RESOLVED' || seen[r.f.resource]) return false;
      seen[r.f.resource] = true;
      return true;
    });
    var box = el('div', { className: 'panel', id: 'public-list' }, [el('h3', { text: 'Public access first' })]);
    if (!publicRows.length) {
      box.appendChild(el('p', { className: 'good-text', text: 'No resource is open to anyone.' }));
      return box;
    }
    var list = el('ul', { className: 'plain' });
    publicRows.slice(0, 8).forEach(function (r) {
      list.appendChild(el('li', {}, [el('a', { href: '#findings', text: clip(r.f.resource, 70), title: r.f.resource,
        on: { click: function (ev) { ev.preventDefault(); resetFilters(); state.text = r.f.resource.toLowerCase();
          state.publicity = 'public'; syncControls(); update(); select(r); scrollToFindings(); } } }),
        el('span', { className: 'muted', text: ' ' + r.f.resourceType })]));
    });
    box.appendChild(list);
    if (publicRows.length > 8) {
      box.appendChild(el('a', { href: '#findings', text: 'all ' + fmt(publicRows.length) + ' public resources \u2192',
        on: { click: function (ev) { ev.preventDefault(); resetFilters(); state.publicity = 'public';
          syncControls(); update(); scrollToFindings(); } } }));
    }
    return box;
  }

  function typeTable() {
    var head = ['finding type', 'public', 'active', 'archived'].concat(compared ? ['new'] : []);
    var body = data.summary.byFindingType.map(function (t) {
      return [t.findingType, t.publicActive, t.active, t.archived].concat(compared ? [t.new] : []);
    });
    return el('div', { className: 'panel' }, [el('h3', { text: 'Findings by type and status' }),
      simpleTable(head, body, 'by-finding-type')]);
  }

  function resourceTypeTable() {
    var body = data.summary.byResourceType.map(function (t) {
      return [t.resourceType, t.resources, t.exposed, t.public, t.findings];
    });
    return el('div', { className: 'panel' }, [el('h3', { text: 'Resources by type' }),
      simpleTable(['resource type', 'resources', 'reached', 'public', 'findings'], body, 'by-resource-type')]);
  }

  function simpleTable(head, body, id) {
    return el('table', { className: 'small', id: id }, [
      el('thead', {}, el('tr', {}, head.map(function (h, i) { return el('th', { className: i ? 'n' : '', text: h }); }))),
      el('tbody', {}, body.map(function (cells) {
        return el('tr', {}, cells.map(function (c, i) {
          return el('td', { className: i ? 'n' : '', text: typeof c === 'number' ? fmt(c) : c });
        }));
      }))
    ]);
  }

  function problems() {
    if (!data.problems.length) return null;
    var shown = data.problems.slice(0, 200);
    var section = el('section', { id: 'problems' }, [
      el('h2', { text: 'Not decided (' + fmt(data.problems.length) + ')' }),
      el('p', { className: 'muted', text: 'These resources have no proof: an error in their input, or a question the solver could not decide. Absence of findings here is not a proof of no access.' })
    ]);
    section.appendChild(el('table', { className: 'small' }, [
      el('thead', {}, el('tr', {}, ['status', 'resource', 'type', 'reason', 'input'].map(function (h) { return el('th', { text: h }); }))),
      el('tbody', {}, shown.map(function (p) {
        return el('tr', {}, [el('td', {}, badge(p.status, 'bad')), el('td', { className: 'mono', text: p.resource }),
          el('td', { text: p.resourceType }), el('td', { text: p.error || '' }), el('td', { className: 'mono', text: originText(p.origin) })]);
      }))
    ]));
    if (data.problems.length > shown.length) {
      section.appendChild(el('p', { className: 'muted', text: 'and ' + fmt(data.problems.length - shown.length) + ' more.' }));
    }
    return section;
  }

  // ---- the graph ----------------------------------------------------------

  function graph() {
    var g = data.graph;
    var section = el('section', { id: 'graph' }, [el('h2', { text: 'Who reaches what' })]);
    if (!g.edges.length) {
      section.appendChild(el('p', { className: 'good-text', text: 'Nothing outside the zone of trust reaches any resource.' }));
      return section;
    }
    var folded = g.principals.filter(function (n) { return n.members > 1; });
    var notes = ['Principals outside the zone of trust on the left, resources on the right; band width is the number of findings. Click a node or band to filter the table.'];
    if (g.groupedByType) notes.push('Resources are grouped by type (' + fmt(data.summary.exposedResources) + ' resources reached).');
    if (folded.length) notes.push('The least frequent principals are folded per kind.');
    section.appendChild(el('p', { className: 'muted', text: notes.join(' ') }));
    section.appendChild(legend());
    section.appendChild(drawGraph(g));
    return section;
  }

  function legend() {
    var items = [['public', 'public'], ['active', 'external'], ['service', 'service (confused deputy)'], ['archived', 'archived only']];
    return el('div', { className: 'legend' }, items.map(function (it) {
      return el('span', {}, [el('i', { className: 'swatch ' + it[0] }), it[1]]);
    }));
  }

  function layout(nodes, height) {
    var gap = 6, minimum = 4;
    var total = nodes.reduce(function (sum, n) { return sum + n.findings; }, 0) || 1;
    var scale = Math.max(0, height - gap * (nodes.length - 1) - minimum * nodes.length) / total;
    var y = 0;
    return nodes.map(function (n) {
      var h = minimum + n.findings * scale;
      var box = { y: y, h: h, used: 0 };
      y += h + gap;
      return box;
    });
  }

  function edgeClass(e, principal) {
    if (e.public > 0) return 'public';
    if (e.active === 0) return 'archived';
    if (principal.kind === 'service') return 'service';
    return 'active';
  }

  function drawGraph(g) {
    var width = 1200, labelWidth = 330, nodeWidth = 12;
    var xLeft = labelWidth, xRight = width - labelWidth - nodeWidth;
    var count = Math.max(g.principals.length, g.resources.length);
    var height = Math.max(220, Math.min(900, count * 28));
    var left = layout(g.principals, height), right = layout(g.resources, height);
    var svgRoot = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + (height + 8), id: 'graph-svg',
      role: 'img', 'aria-label': 'who reaches what' });
    var bands = svgEl('g', { transform: 'translate(0,4)' });
    var edges = g.edges.slice().sort(function (a, b) {
      return a.from - b.from || a.to - b.to;
    });
    // Bands leave each principal in the order of their resources and enter
    // each resource in the order of their principals, so they do not cross
    // inside a node.
    var startOf = {}, endOf = {};
    edges.forEach(function (e, i) {
      var box = left[e.from], h = box.h * e.findings / g.principals[e.from].findings;
      startOf[i] = { y: box.y + box.used, h: h }; box.used += h;
    });
    edges.map(function (e, i) { return i; }).sort(function (a, b) {
      return edges[a].to - edges[b].to || edges[a].from - edges[b].from;
    }).forEach(function (i) {
      var e = edges[i], box = right[e.to], h = box.h * e.findings / g.resources[e.to].findings;
      endOf[i] = { y: box.y + box.used, h: h }; box.used += h;
    });
    edges.forEach(function (e, i) {
      var a = startOf[i], b = endOf[i], x1 = xLeft + nodeWidth, x2 = xRight, mid = (x1 + x2) / 2;
      var d = 'M' + x1 + ',' + a.y + ' C' + mid + ',' + a.y + ' ' + mid + ',' + b.y + ' ' + x2 + ',' + b.y +
        ' L' + x2 + ',' + (b.y + b.h) + ' C' + mid + ',' + (b.y + b.h) + ' ' + mid + ',' + (a.y + a.h) + ' ' + x1 + ',' + (a.y + a.h) + ' Z';
      var p = g.principals[e.from], r = g.resources[e.to];
      var path = svgEl('path', { d: d, 'class': 'band ' + edgeClass(e, p), 'data-from': e.from, 'data-to': e.to },
        svgEl('title', {}, [p.label + ' \u2192 ' + r.label + ': ' + plural(e.findings, 'finding', 'findings') +
          (e.public ? ' (' + fmt(e.public) + ' public)' : '')]));
      path.addEventListener('click', function () { filterByNode({ principal: e.from, resource: e.to,
        label: p.label + ' \u2192 ' + r.label }); });
      bands.appendChild(path);
    });
    g.principals.forEach(function (n, i) {
      bands.appendChild(graphNode(n, left[i], xLeft, nodeWidth, 'left', function () {
        filterByNode({ principal: i, label: n.label });
      }));
    });
    g.resources.forEach(function (n, i) {
      bands.appendChild(graphNode(n, right[i], xRight, nodeWidth, 'right', function () {
        filterByNode({ resource: i, label: n.label });
      }));
    });
    svgRoot.appendChild(bands);
    return el('div', { className: 'graph-box' }, svgRoot);
  }

  function graphNode(n, box, x, w, side, onClick) {
    var cls = 'node ' + (n.public ? 'public' : (n.active ? n.kind : 'archived'));
    var label = clipMiddle(n.label, 42) + ' (' + fmt(n.findings) + ')';
    var group = svgEl('g', { 'class': 'graph-node', 'data-side': side }, [
      svgEl('rect', { x: x, y: box.y, width: w, height: Math.max(1, box.h), 'class': cls }),
      svgEl('text', { x: side === 'left' ? x - 8 : x + w + 8, y: box.y + box.h / 2,
        'text-anchor': side === 'left' ? 'end' : 'start', 'dominant-baseline': 'middle',
        'class': n.public ? 'public-label' : '' }, [label]),
      svgEl('title', {}, [n.label + ': ' + plural(n.findings, 'finding', 'findings') +
        (n.members > 1 ? ', ' + fmt(n.members) + (side === 'left' ? ' principals' : ' resources') : '') +
        (n.public ? ', ' + fmt(n.public) + ' public' : '')])
    ]);
    group.addEventListener('click', onClick);
    return group;
  }

  // ---- the findings table -------------------------------------------------

  var controls = {};
  var tbody, countLine, pager, chip, detail;

  var columns = [
    { key: 'severity', label: 'status', cell: statusCell },
    { key: 'findingType', label: 'type', cell: function (r) {
      return el('td', { text: r.f.findingType === 'ExternalAccessViaService' ? 'via service' : 'external' }); } },
    { key: 'principal', label: 'principal', cell: function (r) {
      return el('td', { className: 'mono', title: r.principal }, [el('span', { className: 'muted', text: r.principalType + ' ' }), clipMiddle(r.principal, 60)]); } },
    { key: 'resource', label: 'resource', cell: function (r) {
      return el('td', { className: 'mono', title: r.f.resource, text: clipMiddle(r.f.resource, 70) }); } },
    { key: 'resourceType', label: 'resource type', cell: function (r) { return el('td', { text: r.f.resourceType }); } },
    { key: 'actions', label: 'actions', cell: function (r) {
      return el('td', { className: 'n', title: r.f.action.join('\n'), text: fmt(r.f.action.length) }); } },
    { key: 'condition', label: 'condition', cell: function (r) {
      return el('td', { className: 'mono', title: r.conditionText, text: clip(r.conditionText || '\u2014', 50) }); } }
  ];

  var sortValue = {
    severity: function (r) { return r.severity; },
    findingType: function (r) { return r.f.findingType; },
    principal: function (r) { return r.principalType + ' ' + r.principal; },
    resource: function (r) { return r.f.resource; },
    resourceType: function (r) { return r.f.resourceType; },
    actions: function (r) { return r.f.action.length; },
    condition: function (r) { return r.conditionText; }
  };

  function statusCell(r) {
    var f = r.f;
    return el('td', { className: 'badges' }, [
      f.change === 'RESOLVED' ? badge('RESOLVED', 'good') : badge(f.status, f.status === 'ACTIVE' ? 'warn' : 'quiet'),
      f.isPublic ? badge('PUBLIC', 'bad') : null,
      f.change === 'NEW' ? badge('NEW', 'new') : null
    ]);
  }

  function badge(text, tone) { return el('span', { className: 'badge ' + tone, text: text }); }

  function select_(id, label, options) {
    var node = el('select', { id: id, 'aria-label': label }, options.map(function (o) {
      return el('option', { value: o[0], text: o[1] });
    }));
    return node;
  }

  function findingsSection() {
    var types = {}, resourceTypes = {};
    rows.forEach(function (r) { types[r.f.findingType] = 1; resourceTypes[r.f.resourceType] = 1; });
    controls.text = el('input', { id: 'filter-text', type: 'search', placeholder: 'filter: principal, resource, action, condition, Sid, id\u2026' });
    controls.status = select_('filter-status', 'status', [['', 'any status'], ['ACTIVE', 'ACTIVE'], ['ARCHIVED', 'ARCHIVED']]);
    controls.publicity = select_('filter-public', 'public', [['', 'public or not'], ['public', 'public only'], ['private', 'not public']]);
    controls.type = select_('filter-type', 'finding type', [['', 'any finding type']].concat(Object.keys(types).sort().map(function (t) { return [t, t]; })));
    controls.resourceType = select_('filter-resource-type', 'resource type', [['', 'any resource type']].concat(Object.keys(resourceTypes).sort().map(function (t) { return [t, t]; })));
    var bar = el('div', { className: 'filters' }, [controls.text, controls.status, controls.publicity, controls.type, controls.resourceType]);
    if (compared) {
      controls.change = select_('filter-change', 'change', [['', 'new, unchanged or resolved'], ['NEW', 'NEW'], ['UNCHANGED', 'UNCHANGED'], ['RESOLVED', 'RESOLVED']]);
      bar.appendChild(controls.change);
    }
    controls.text.addEventListener('input', function () { state.text = controls.text.value.trim().toLowerCase(); state.page = 0; update(); });
    ['status', 'publicity', 'type', 'resourceType', 'change'].forEach(function (key) {
      if (!controls[key]) return;
      controls[key].addEventListener('change', function () { state[key] = controls[key].value; state.page = 0; update(); });
    });
    chip = el('div', { className: 'chip-line', id: 'node-filter' });
    countLine = el('p', { className: 'count', id: 'shown-count' });
    var headRow = el('tr', {}, columns.map(function (c) {
      return el('th', { 'data-sort': c.key, className: c.key === 'actions' ? 'n sortable' : 'sortable', text: c.label,
        on: { click: function () { sortBy(c.key); } } });
    }));
    tbody = el('tbody', {});
    pager = el('div', { className: 'pager', id: 'pager' });
    detail = el('aside', { id: 'detail', className: 'detail' }, [el('p', { className: 'muted', text: 'Select a finding to see who gets in, how, and how to fix it.' })]);
    return el('section', { id: 'findings' }, [
      el('h2', { text: 'Findings' }), bar, chip, countLine,
      el('div', { className: 'split' }, [
        el('div', { className: 'table-box' }, [el('table', { id: 'findings-table' }, [el('thead', {}, headRow), tbody]), pager]),
        detail
      ])
    ]);
  }

  function matches(r) {
    var f = r.f;
    if (state.text && r.haystack.indexOf(state.text) < 0) return false;
    if (state.status && (f.status !== state.status || f.change === 'RESOLVED')) return false;
    if (state.publicity === 'public' && !f.isPublic) return false;
    if (state.publicity === 'private' && f.isPublic) return false;
    if (state.type && f.findingType !== state.type) return false;
    if (state.resourceType && f.resourceType !== state.resourceType) return false;
    if (state.change && f.change !== state.change) return false;
    if (state.node) {
      if (state.node.principal !== undefined && f.principalNode !== state.node.principal) return false;
      if (state.node.resource !== undefined && f.resourceNode !== state.node.resource) return false;
    }
    return true;
  }

  function sortBy(key) {
    if (state.sortKey === key) state.sortDir = -state.sortDir; else { state.sortKey = key; state.sortDir = 1; }
    state.page = 0;
    update();
  }

  function compare(a, b) {
    var va = sortValue[state.sortKey](a), vb = sortValue[state.sortKey](b);
    if (va < vb) return -state.sortDir;
    if (va > vb) return state.sortDir;
    if (a.severity !== b.severity) return a.severity - b.severity;
    if (a.f.resource !== b.f.resource) return a.f.resource < b.f.resource ? -1 : 1;
    return a.index - b.index;
  }

  function update() {
    var shown = rows.filter(matches);
    shown.sort(compare);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    var first = state.page * PAGE_SIZE, page = shown.slice(first, first + PAGE_SIZE);
    tbody.textContent = '';
    page.forEach(function (r) {
      var tr = el('tr', { 'data-finding-id': r.f.id, tabindex: 0, className: (state.selected === r ? 'selected ' : '') + (r.f.isPublic ? 'is-public' : ''),
        on: { click: function () { select(r); }, keydown: function (ev) { if (ev.key === 'Enter') select(r); } } },
        columns.map(function (c) { return c.cell(r); }));
      tbody.appendChild(tr);
    });
    if (!page.length) tbody.appendChild(el('tr', {}, el('td', { colspan: columns.length, className: 'muted', text: 'No finding matches the filter.' })));
    countLine.setAttribute('data-matching', String(shown.length));
    countLine.textContent = shown.length
      ? 'Showing ' + fmt(first + 1) + '\u2013' + fmt(first + page.length) + ' of ' + plural(shown.length, 'finding', 'findings') +
        (shown.length !== rows.length ? ' (' + fmt(rows.length) + ' in all)' : '')
      : 'No finding matches (' + fmt(rows.length) + ' in all).';
    document.querySelectorAll('#findings-table th').forEach(function (th) {
      th.classList.toggle('sorted', th.getAttribute('data-sort') === state.sortKey);
      th.classList.toggle('desc', th.getAttribute('data-sort') === state.sortKey && state.sortDir < 0);
    });
    drawPager(pages);
    drawChip();
  }

  function drawPager(pages) {
    pager.textContent = '';
    if (pages <= 1) return;
    var go = function (page) { return function () { state.page = page; update(); }; };
    pager.appendChild(el('button', { type: 'button', id: 'page-prev', on: { click: go(Math.max(0, state.page - 1)) } }, '\u2190 previous'));
    pager.appendChild(el('span', { text: ' page ' + fmt(state.page + 1) + ' of ' + fmt(pages) + ' ' }));
    pager.appendChild(el('button', { type: 'button', id: 'page-next', on: { click: go(Math.min(pages - 1, state.page + 1)) } }, 'next \u2192'));
  }

  function drawChip() {
    chip.textContent = '';
    if (!state.node) return;
    chip.appendChild(el('span', { className: 'chip' }, ['graph: ' + state.node.label + ' ',
      el('button', { type: 'button', 'aria-label': 'clear', text: '\u00d7', on: { click: function () { state.node = null; update(); } } })]));
  }

  function filterByNode(node) {
    state.node = node;
    state.page = 0;
    update();
    scrollToFindings();
  }

  function resetFilters() {
    state.text = ''; state.status = ''; state.type = ''; state.publicity = ''; state.change = '';
    state.resourceType = ''; state.node = null; state.page = 0;
  }

  function syncControls() {
    controls.text.value = state.text;
    ['status', 'publicity', 'type', 'resourceType', 'change'].forEach(function (key) {
      if (controls[key]) controls[key].value = state[key];
    });
  }

  function scrollToFindings() {
    var target = document.getElementById('findings');
    if (target && target.scrollIntoView) target.scrollIntoView({ block: 'start' });
  }

  // ---- one finding ---------------------------------------------------------

  function select(r) {
    state.selected = r;
    document.querySelectorAll('#findings-table tr.selected').forEach(function (tr) { tr.classList.remove('selected'); });
    document.querySelectorAll('#findings-table tr[data-finding-id]').forEach(function (tr) {
      if (tr.getAttribute('data-finding-id') === r.f.id) tr.classList.add('selected');
    });
    showDetail(r);
  }

  function field(label, content) {
    return [el('dt', { text: label }), el('dd', {}, content)];
  }

  function showDetail(r) {
    var f = r.f;
    detail.textContent = '';
    detail.setAttribute('data-finding-id', f.id);
    detail.appendChild(el('h3', { className: 'mono', id: 'detail-principal' }, [el('span', { className: 'muted', text: r.principalType + ' ' }), r.principal]));
    detail.appendChild(el('p', { className: 'badges' }, [statusCell(r).childNodes[0], f.isPublic ? badge('PUBLIC', 'bad') : null,
      f.change === 'NEW' ? badge('NEW', 'new') : (f.change === 'UNCHANGED' ? badge('UNCHANGED', 'quiet') : null),
      f.archivedBy ? el('span', { className: 'muted', text: ' archived by ' + f.archivedBy }) : null]));
    var list = el('dl', {});
    var add = function (pair) { pair.forEach(function (node) { list.appendChild(node); }); };
    add(field('resource', el('span', { className: 'mono', id: 'detail-resource', text: f.resource })));
    add(field('type', f.resourceType + ' \u00b7 owner ' + f.resourceOwnerAccount + ' \u00b7 ' + f.findingType));
    add(field('actions (' + f.action.length + ')', el('ul', { className: 'plain mono' }, f.action.map(function (a) { return el('li', { text: a }); }))));
    add(field('condition', conditionList(f.condition)));
    add(field('granted by', sourcesList(f)));
    if (f.witness) add(field('witness', witness(f.witness)));
    add(field('fix', el('p', { id: 'detail-fix', text: f.remediation })));
    if (f.archiveRule) add(field('archive rule', archiveRule(f)));
    add(field('id', el('span', { className: 'mono', text: f.id })));
    detail.appendChild(list);
  }

  function conditionList(condition) {
    var keys = Object.keys(condition);
    if (!keys.length) return el('span', { text: 'none: any request of this principal' });
    return el('ul', { className: 'plain mono' }, keys.map(function (k) {
      return el('li', { text: k + ' = ' + [].concat(condition[k]).join(' or ') });
    }));
  }

  function sourcesList(f) {
    var items = f.sources.map(function (s) {
      var statements = (s.statements || []).map(function (st) {
        return (st.sid ? 'Sid ' + st.sid + ' ' : '') + '(statement #' + st.index + ')';
      });
      return el('li', { text: s.type + (statements.length ? ': ' + statements.join(', ') : '') });
    });
    if (f.origin) items.push(el('li', { className: 'muted mono', text: 'in ' + originText(f.origin) }));
    return el('ul', { className: 'plain' }, items);
  }

  function originText(origin) {
    if (!origin) return '';
    return origin.file + (origin.line ? ':' + origin.line : '') + (origin.pointer ? ' ' + origin.pointer : '');
  }

  function witness(w) {
    var rowsOf = [['principal', w.principal], ['action', w.action], ['resource', w.resource]];
    Object.keys(w.context).forEach(function (k) { rowsOf.push([k, [].concat(w.context[k]).join(', ')]); });
    return el('table', { className: 'small mono witness' }, el('tbody', {}, rowsOf.map(function (kv) {
      return el('tr', {}, [el('th', { text: kv[0] }), el('td', { text: kv[1] })]);
    })));
  }

  function archiveRule(f) {
    var text = JSON.stringify([f.archiveRule], null, 2);
    var pre = el('pre', { id: 'detail-rule', text: text });
    var note = f.archiveRuleMatches === 1
      ? 'Archives exactly this finding among the findings of this report (a rules file for --archive-rules or Access Analyzer).'
      : 'Also archives ' + plural(f.archiveRuleMatches - 1, 'other finding', 'other findings') + ' of this resource: Access Analyzer\u2019s filter keys cannot tell them apart.';
    var copy = el('button', { type: 'button', text: 'copy', on: { click: function () {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).catch(function () { selectText(pre); });
      } else {
        selectText(pre);
      }
    } } });
    return el('div', {}, [el('p', { className: 'muted', text: note }), pre, copy]);
  }

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // ---- page ----------------------------------------------------------------

  append(app, [header(), summary(), problems(), graph(), findingsSection()]);
  var first = rows.slice().sort(compare)[0];
  update();
  if (first) select(first);
  document.body.setAttribute('data-ready', 'true');
})();
