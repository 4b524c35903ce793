/* dmacheck HTML report: the index's rows, sorting, filtering and paging.
 * The findings come from the page's JSON block; every cell is made with
 * textContent, never parsed as HTML.  Loaded under a CSP that allows this
 * file and nothing else.  index.html#all shows every row at once. */
'use strict';

(function () {
  var root = document.documentElement;
  var table = document.getElementById('findings');
  var PAGE = location.hash === '#all' ? Infinity : 200;

  function done() {
    root.dataset.loadMs = Math.round(performance.now());
    root.dataset.ready = '1';
  }
  if (!table) {
    done();
    return;
  }
  var data = JSON.parse(document.getElementById('data').textContent);
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var diff = heads[0].dataset.key === 'change';
  var ids = ['f-change', 'f-severity', 'f-rule', 'f-triage', 'f-runtime'];
  var keys = ['change', 'severity', 'rule', 'triage', 'runtime'];
  var selects = ids.map(function (id) { return document.getElementById(id); });
  var dir = document.getElementById('f-dir');
  var text = document.getElementById('f-text');
  var shown = document.getElementById('shown');
  var more = document.getElementById('more');
  var order = data.map(function (f, i) { return i; });
  var view = order, rendered = 0;

  function cell(tr, value, cls) {
    var td = document.createElement('td');
    td.textContent = value;
    if (cls)
      td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function row(i) {
    var f = data[i], tr = document.createElement('tr'), a;
    if (diff)
      cell(tr, f.change);
    cell(tr, f.severity, 'sev-' + f.severity);
    cell(tr, f.rule);
    a = document.createElement('a');
    a.href = 'f/' + i + '.html';
    a.textContent = f.path + ':' + f.line;
    cell(tr, '').appendChild(a);
    cell(tr, f['function']);
    cell(tr, f.message);
    cell(tr, f.triage);
    cell(tr, f.runtime);
    return tr;
  }

  function renderMore() {
    var frag = document.createDocumentFragment();
    var end = Math.min(view.length, rendered + PAGE);
    for (; rendered < end; rendered++)
      frag.appendChild(row(view[rendered]));
    tbody.appendChild(frag);
    more.hidden = rendered >= view.length;
    more.textContent = 'Show more (' + (view.length - rendered) + ' left)';
    shown.textContent = view.length + ' of ' + data.length + ' findings match' +
      (rendered < view.length ? ', ' + rendered + ' shown' : '');
  }

  function render() {
    tbody.textContent = '';
    rendered = 0;
    renderMore();
  }

  function apply() {
    var want = selects.map(function (s) { return s ? s.value : ''; });
    var d = dir.value, t = text.value.toLowerCase();
    view = order.filter(function (i) {
      var f = data[i];
      if (!keys.every(function (k, j) { return !want[j] || f[k] === want[j]; }))
        return false;
      if (d && f.dir.indexOf(d) !== 0 && f.path.indexOf(d) !== 0)
        return false;
      return !t || (f.path + ' ' + f['function'] + ' ' + f.message + ' ' +
                    f.rule).toLowerCase().indexOf(t) >= 0;
    });
    render();
  }

  function key(f, k) {
    switch (k) {
    case 'sev': return -f.sev;
    case 'where': return f.path + ':' + ('000000' + f.line).slice(-7);
    default: return f[k] === undefined ? '' : f[k];
    }
  }

  heads.forEach(function (th) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('asc'), k = th.dataset.key;
      heads.forEach(function (h) { h.classList.remove('asc', 'desc'); });
      th.classList.add(asc ? 'asc' : 'desc');
      order.sort(function (a, b) {
        var x = key(data[a], k), y = key(data[b], k);
        var c = typeof x === 'number' ? x - y : String(x).localeCompare(y);
        return (asc ? c : -c) || a - b;
      });
      apply();
    });
  });
  selects.forEach(function (s) { if (s) s.addEventListener('change', apply); });
  dir.addEventListener('input', apply);
  text.addEventListener('input', apply);
  more.addEventListener('click', renderMore);
  document.getElementById('f-clear').addEventListener('click', function () {
    selects.forEach(function (s) { if (s) s.value = ''; });
    dir.value = '';
    text.value = '';
    apply();
  });
  Array.prototype.forEach.call(document.querySelectorAll('a.pick'), function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var el = document.getElementById(a.dataset.filter);
      if (el)
        el.value = a.dataset.value;
      apply();
    });
  });
  render();
  done();
})();
