/* orgsite: zoom, pan, fit and search for the full chart (chart.html).
   No dependencies, no modules, nothing fetched: works from file://.
   Without it the chart is a plain scrollable picture with a list beside it.
   It reads no global that a page element could stand in for: an element
   with id "addEventListener" shadows window's (DOM clobbering), so
   window's listeners go through EventTarget.prototype. */
(function () {
  'use strict';
  var listen = EventTarget.prototype.addEventListener;
  var viewer = document.querySelector('.chart-viewer');
  var vp = viewer && viewer.querySelector('.chart-viewport');
  var svg = vp && vp.querySelector('svg');
  if (!svg || !svg.viewBox || typeof requestAnimationFrame !== 'function') return;

  var toolbar = viewer.querySelector('.chart-toolbar');
  var input = viewer.querySelector('.chart-search input');
  var status = viewer.querySelector('.chart-status');
  var W = svg.viewBox.baseVal.width;
  var H = svg.viewBox.baseVal.height;
  viewer.classList.add('is-interactive');
  if (toolbar) toolbar.hidden = false;
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMinYMin meet');

  // The view: k screen pixels per chart unit; (x, y) the chart point at the
  // viewport's top-left corner.
  var k = 1, x = 0, y = 0;
  function size() {
    return { w: vp.clientWidth || 1, h: vp.clientHeight || 1 };
  }
  function fitScale() {
    var s = size();
    return Math.min(s.w / W, s.h / H, 1);
  }
  function clampK(v) {
    return Math.max(fitScale() * 0.5, Math.min(v, 4));
  }
  // A large chart comes in tiles (data-b: their bounds): only those near
  // the view are drawn. Far out, where text cannot be read, only boxes,
  // lines and the top units' names (drawn large) are.
  var tiles = Array.prototype.slice.call(svg.querySelectorAll('.oc-tile')).map(function (g) {
    var b = (g.getAttribute('data-b') || '').split(' ').map(Number);
    return { g: g, b: b, shown: true };
  });
  var far = null;
  var queued = false;
  function apply() {
    var s = size(), w = s.w / k, h = s.h / k;
    svg.setAttribute('viewBox', [x, y, w, h].map(function (v) {
      return Math.round(v * 100) / 100;
    }).join(' '));
    var m = Math.max(w, h) * 0.25;
    for (var i = 0; i < tiles.length; i++) {
      var t = tiles[i], b = t.b;
      var on = b[2] >= x - m && b[0] <= x + w + m && b[3] >= y - m && b[1] <= y + h + m;
      if (on !== t.shown) {
        t.shown = on;
        t.g.style.display = on ? '' : 'none';
      }
    }
    var isFar = k < 0.35;
    if (isFar !== far) {
      far = isFar;
      svg.classList.toggle('oc-far', far);
    }
    if (far) svg.style.setProperty('--ock', String(k));
  }
  function draw() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      apply();
    });
  }
  function zoomAt(factor, sx, sy) {
    var nk = clampK(k * factor);
    x += sx / k - sx / nk;
    y += sy / k - sy / nk;
    k = nk;
    draw();
  }
  function zoomCentre(factor) {
    var s = size();
    zoomAt(factor, s.w / 2, s.h / 2);
  }
  function fit() {
    var s = size();
    k = fitScale();
    x = (W - s.w / k) / 2;
    y = (H - s.h / k) / 2;
    if (k >= 1) y = Math.min(y, 0);
    draw();
  }
  function centreOn(cx, cy, minK) {
    var s = size();
    if (minK && k < minK) k = clampK(minK);
    x = cx - s.w / k / 2;
    y = cy - s.h / k / 2;
    draw();
  }
  function boxOf(a) {
    var r = a.querySelector('.oc-box');
    if (!r) return null;
    var bx = parseFloat(r.getAttribute('x')), by = parseFloat(r.getAttribute('y'));
    var bw = parseFloat(r.getAttribute('width')), bh = parseFloat(r.getAttribute('height'));
    return { cx: bx + bw / 2, cy: by + bh / 2 };
  }

  // Wheel zooms about the pointer.
  vp.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = vp.getBoundingClientRect();
    var unit = e.deltaMode === 1 ? 0.05 : e.deltaMode === 2 ? 1 : 0.0018;
    zoomAt(Math.exp(-e.deltaY * unit), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  // Dragging pans; a drag is not a click on the box it started on.
  var drag = null, dragged = false;
  vp.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { id: e.pointerId, sx: e.clientX, sy: e.clientY, x: x, y: y, moving: false };
    dragged = false;
  });
  vp.addEventListener('pointermove', function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    var dx = e.clientX - drag.sx, dy = e.clientY - drag.sy;
    if (!drag.moving && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moving = true;
      vp.classList.add('is-dragging');
      try { vp.setPointerCapture(e.pointerId); } catch (err) { /* older browsers */ }
    }
    if (drag.moving) {
      x = drag.x - dx / k;
      y = drag.y - dy / k;
      draw();
    }
  });
  function endDrag(e) {
    if (!drag || e.pointerId !== drag.id) return;
    dragged = drag.moving;
    drag = null;
    vp.classList.remove('is-dragging');
  }
  vp.addEventListener('pointerup', endDrag);
  vp.addEventListener('pointercancel', endDrag);
  vp.addEventListener('click', function (e) {
    if (dragged) {
      e.preventDefault();
      e.stopPropagation();
      dragged = false;
    }
  }, true);

  // Download PNG: the whole chart drawn at 2x (less when that would pass
  // what a canvas holds), its style copied onto each element, from an SVG
  // made here, so that it works from file:// with nothing fetched.
  var STYLE = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
    'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'paint-order',
    'stroke-linejoin', 'display', 'opacity'];
  function pngOf(done) {
    var copy = svg.cloneNode(true);
    var from = svg.querySelectorAll('*'), to = copy.querySelectorAll('*');
    for (var i = 0; i < from.length; i++) {
      var cs = getComputedStyle(from[i]), st = [];
      for (var j = 0; j < STYLE.length; j++) st.push(STYLE[j] + ':' + cs.getPropertyValue(STYLE[j]));
      to[i].setAttribute('style', st.join(';'));
    }
    for (var t = 0; t < tiles.length; t++) to[Array.prototype.indexOf.call(from, tiles[t].g)].style.display = '';
    copy.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    copy.setAttribute('width', W);
    copy.setAttribute('height', H);
    copy.classList.remove('oc-far', 'oc-searching');
    var scale = Math.min(2, Math.sqrt(6e7 / (W * H)), 16000 / Math.max(W, H));
    var img = new Image();
    var url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
    img.onload = function () {
      var c = document.createElement('canvas');
      c.width = Math.ceil(W * scale);
      c.height = Math.ceil(H * scale);
      var g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      g.drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      c.toBlob(done, 'image/png');
    };
    img.onerror = function () { URL.revokeObjectURL(url); done(null); };
    img.src = url;
  }
  function download(blob, name) {
    if (!blob) return;
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // Buttons and keys.
  if (toolbar) {
    toolbar.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('button[data-export]')) {
        pngOf(function (blob) { download(blob, 'chart.png'); });
        return;
      }
      var b = e.target.closest ? e.target.closest('button[data-zoom]') : null;
      if (!b) return;
      var z = b.getAttribute('data-zoom');
      if (z === 'in') zoomCentre(1.4);
      else if (z === 'out') zoomCentre(1 / 1.4);
      else fit();
    });
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    var s = size(), step = 0.15;
    var inChart = viewer.contains(t);
    switch (e.key) {
      case '+': case '=': zoomCentre(1.4); break;
      case '-': case '_': zoomCentre(1 / 1.4); break;
      case '0': fit(); break;
      case 'ArrowLeft': if (!inChart) return; x -= s.w * step / k; draw(); break;
      case 'ArrowRight': if (!inChart) return; x += s.w * step / k; draw(); break;
      case 'ArrowUp': if (!inChart) return; y -= s.h * step / k; draw(); break;
      case 'ArrowDown': if (!inChart) return; y += s.h * step / k; draw(); break;
      default: return;
    }
    e.preventDefault();
  });
  // Keyboard focus on a box brings it into view.
  svg.addEventListener('focusin', function (e) {
    var a = e.target.closest ? e.target.closest('a') : null;
    var b = a && boxOf(a);
    if (!b) return;
    var s = size();
    var px = (b.cx - x) * k, py = (b.cy - y) * k;
    if (px < 0 || py < 0 || px > s.w || py > s.h) centreOn(b.cx, b.cy);
  });

  // Search: by title, external title or holder, highlighting every match
  // and centring on one; Enter moves to the next, Escape clears.
  var boxes = Array.prototype.slice.call(svg.querySelectorAll('a[data-s]'));
  var texts = boxes.map(function (a) { return (a.getAttribute('data-s') || '').toLowerCase(); });
  var hits = [], at = -1, current = null;
  function mark(a) {
    if (current) current.classList.remove('oc-current');
    current = a;
    if (a) a.classList.add('oc-current');
  }
  function show(i) {
    if (!hits.length) return;
    at = (i + hits.length) % hits.length;
    var a = hits[at], b = boxOf(a);
    mark(a);
    if (b) centreOn(b.cx, b.cy, 0.9);
    if (status) status.textContent = (at + 1) + ' / ' + hits.length;
  }
  function search(q) {
    q = q.trim().toLowerCase();
    hits.forEach(function (a) { a.classList.remove('oc-hit'); });
    hits = [];
    at = -1;
    mark(null);
    if (!q) {
      svg.classList.remove('oc-searching');
      if (status) status.textContent = '';
      return;
    }
    for (var i = 0; i < boxes.length; i++) {
      if (texts[i].indexOf(q) >= 0) hits.push(boxes[i]);
    }
    svg.classList.add('oc-searching');
    hits.forEach(function (a) { a.classList.add('oc-hit'); });
    if (hits.length) show(0);
    else if (status) status.textContent = status.getAttribute('data-none') || '0';
  }
  if (input) {
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, boxes.length > 3000 ? 180 : 60);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        if (hits.length) show(at + (e.shiftKey ? -1 : 1));
        else search(input.value);
      } else if (e.key === 'Escape') {
        input.value = '';
        search('');
      }
    });
  }

  // A link into the chart (chart.html#p-ID) centres on that position.
  function fromHash() {
    var id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (err) { return false; }
    if (id.indexOf('p-') !== 0) return false;
    var a = document.getElementById(id);
    var b = a && svg.contains(a) && boxOf(a);
    if (!b) return false;
    mark(a);
    k = clampK(1);
    centreOn(b.cx, b.cy);
    // The browser scrolls the page (and the viewport) to the box; the
    // viewer shows it already, so undo that once it has happened.
    var unscroll = function () {
      window.scrollTo(0, 0);
      vp.scrollTop = 0;
      vp.scrollLeft = 0;
    };
    unscroll();
    setTimeout(unscroll, 0);
    listen.call(window, 'load', function () { setTimeout(unscroll, 0); });
    return true;
  }
  // First sight: the whole chart when it is readable at that size (box
  // text at least 11 px, the smallest being 12.5 px at scale 1);
  // otherwise the readable scale, the top box centred across and near the
  // top, the view kept on the chart.
  var READ_K = 11 / 12.5;
  function firstSight() {
    var s = size();
    if (fitScale() >= READ_K) { fit(); return; }
    // The top box: the first of the highest (a root, in sibling order).
    var top = null, topY = Infinity;
    for (var i = 0; i < boxes.length; i++) {
      var r = boxes[i].querySelector('.oc-box');
      var by = r ? parseFloat(r.getAttribute('y')) : NaN;
      if (by < topY - 0.5) { topY = by; top = boxOf(boxes[i]); }
    }
    if (!top) { fit(); return; }
    k = READ_K;
    var w = s.w / k;
    x = top.cx - w / 2;
    if (W > w) x = Math.max(0, Math.min(x, W - w));
    else x = (W - w) / 2;
    y = 0;
    draw();
  }
  listen.call(window, 'hashchange', fromHash);
  listen.call(window, 'resize', draw);
  if (!fromHash()) firstSight();
  apply();
})();
