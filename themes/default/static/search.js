/* orgsite search. Works offline and from file://: the index is a script
   (search-index.js), not a file to fetch, and no page loads it: it is added
   to the page the first time the reader focuses or types in the search box,
   so that a page view of a large handbook does not parse an index of
   megabytes. The index hands its data to the script element that loaded it
   (document.currentScript, checked to be that element): this script never
   reads a global by name, because an element of a document with that id
   would stand in for it (DOM clobbering).
   A term in Latin letters or digits matches at the start of a word ("on"
   finds "on call", not "Johnson"), and a whole word ranks above a word's
   start; any other term (CJK) matches anywhere, so CJK text needs no word
   breaking: any run of characters in a title, name, scope or duty finds
   the position. Every space-separated term must match. Results are built with DOM calls and
   textContent only, never as HTML. */
var OrgsiteSearch = (function () {
  "use strict";
  // What an entry holds, in order, when the index does not say (it always
  // does); a large handbook's index leaves the last one, duties, out.
  var ALL_FIELDS = ["url", "title", "external_title", "unit", "holders", "scope", "duties"];
  var WEIGHTS = { title: 100, external_title: 80, unit: 20, holders: 60, scope: 30, duties: 10 };
  var MAX_RESULTS = 20;

  function norm(s) {
    s = String(s || "");
    if (s.normalize) s = s.normalize("NFKC");
    return s.toLowerCase();
  }

  /* The index made ready to search: entries with their text lower-cased
     and each field's weight; `fields` names the entries' fields. */
  function prepare(index, fields) {
    fields = fields || ALL_FIELDS;
    return {
      weights: fields.map(function (f) { return WEIGHTS[f] || 0; }),
      entries: (index || []).map(function (e) {
        return { raw: e, low: fields.map(function (_, f) { return norm(e[f]); }) };
      })
    };
  }

  /* Whether an index with these fields searches duties too. */
  function hasDuties(fields) {
    return (fields || ALL_FIELDS).indexOf("duties") >= 0;
  }

  // A letter or digit: a Latin term matches only after something else.
  var WORD = /[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;
  // A term that matches at word starts: it begins with a Latin letter or digit.
  var LATIN = /^[0-9a-z\u00c0-\u024f]/;

  /* Where term occurs in text as this search counts it: [at, whole word]
     of its best occurrence, or null. */
  function find(text, term) {
    var latin = LATIN.test(term);
    var found = null;
    for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (latin && at > 0 && WORD.test(text.charAt(at - 1))) continue;
      var end = at + term.length;
      var whole = !latin || end >= text.length || !WORD.test(text.charAt(end));
      if (!found || (whole && !found[1])) found = [at, whole];
      if (whole || !latin) break;
    }
    return found;
  }

  /* Results for query q: [{entry, field, at, len}] best first; `field` and
     `at` locate the first term's best match, for the snippet. */
  function search(prepared, q) {
    var terms = norm(q).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var weights = prepared.weights;
    var out = [];
    prepared.entries.forEach(function (e, n) {
      var score = 0;
      var first = null;
      for (var t = 0; t < terms.length; t++) {
        var best = 0;
        var where = null;
        for (var f = 0; f < weights.length; f++) {
          if (!weights[f]) continue;
          var hit = find(e.low[f], terms[t]);
          if (!hit) continue;
          var at = hit[0];
          var s = weights[f] + (e.low[f] === terms[t] ? 50 : 0) + (at === 0 ? 5 : 0) + (hit[1] ? 25 : 0);
          if (s > best) {
            best = s;
            where = { field: f, at: at, len: terms[t].length };
          }
        }
        if (!best) return;
        score += best;
        if (!first) first = where;
      }
      out.push({ entry: e.raw, n: n, score: score, field: first.field, at: first.at, len: first.len });
    });
    out.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
    return out.slice(0, MAX_RESULTS);
  }

  /* A short excerpt of text around [at, at+len): [before, match, after]. */
  function snippet(text, at, len) {
    var chars = Array.from(text);
    // `at` counts UTF-16 units of the normalised text; near enough for a window.
    var pre = Array.from(text.slice(0, at)).length;
    var start = Math.max(0, pre - 16);
    var end = Math.min(chars.length, pre + len + 28);
    return [
      (start > 0 ? "…" : "") + chars.slice(start, pre).join(""),
      chars.slice(pre, pre + len).join(""),
      chars.slice(pre + len, end).join("") + (end < chars.length ? "…" : "")
    ];
  }

  return { prepare: prepare, search: search, snippet: snippet, hasDuties: hasDuties, find: find, fields: ALL_FIELDS };
})();

if (typeof module === "object" && module.exports) module.exports = OrgsiteSearch;

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var root = form.getAttribute("data-root") || "";
  function say(key) { return form.getAttribute("data-" + key) || ""; }
  var prepared = null; // the index, once it has arrived
  var index = null; // what search-index.js handed over: { fields, entries }
  var state = "idle"; // idle | loading | failed | ready
  var goWhenReady = false; // Enter was pressed before the index arrived
  var closing = false; // Escape moves the focus back to the box, list closed
  form.hidden = false;

  /* Adds search-index.js to the page, once; a script element, because
     fetch() is refused from file:// pages. A failed load is retried the next
     time the box gets the focus. */
  function load() {
    if (state !== "idle") return;
    if (index) return ready();
    state = "loading";
    var script = document.createElement("script");
    // search-index.js calls this on the element that loaded it.
    script.orgsiteIndex = function (fields, entries) {
      if (Array.isArray(entries)) index = { fields: Array.isArray(fields) ? fields : null, entries: entries };
    };
    script.src = root + "search-index.js";
    script.onload = function () {
      if (index) ready();
      else failed();
    };
    script.onerror = failed;
    document.body.appendChild(script);
  }

  function ready() {
    prepared = OrgsiteSearch.prepare(index.entries, index.fields);
    state = "ready";
    show();
    if (goWhenReady) {
      goWhenReady = false;
      go();
    }
  }

  function failed() {
    state = "failed";
    goWhenReady = false;
    show();
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function show() {
    var q = input.value;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q.trim()) {
      list.hidden = true;
      return;
    }
    list.hidden = false;
    if (state !== "ready") {
      list.appendChild(el("li", "search-status", say(state === "failed" ? "failed" : "loading")));
      return;
    }
    var results = OrgsiteSearch.search(prepared, q);
    if (!results.length) list.appendChild(el("li", "search-none", say("none")));
    results.forEach(function (r) {
      var e = r.entry;
      var li = el("li");
      var a = el("a");
      a.href = root + e[0];
      a.appendChild(el("span", "search-title", e[1]));
      var meta = [e[2], e[3]].filter(Boolean).join(" · ");
      if (meta) a.appendChild(el("span", "search-meta", meta));
      var text = e[r.field];
      if (r.field > 1 && text) {
        var parts = OrgsiteSearch.snippet(text, r.at, r.len);
        var p = el("span", "search-snippet");
        // Why it matched: the field, in the site's language.
        var why = say("why-" + ((index.fields || OrgsiteSearch.fields)[r.field] || "").replace(/_/g, "-"));
        if (why) p.appendChild(el("span", "search-why", why));
        p.appendChild(document.createTextNode(parts[0]));
        p.appendChild(el("mark", null, parts[1]));
        p.appendChild(document.createTextNode(parts[2]));
        a.appendChild(p);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    // A large handbook's index leaves duties out: say what was searched.
    if (!OrgsiteSearch.hasDuties(index.fields)) {
      list.appendChild(el("li", "search-note", say("titles-only")));
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function go() {
    var first = links()[0];
    if (first) window.location.href = first.href;
  }

  input.addEventListener("input", function () {
    load();
    show();
  });
  input.addEventListener("focus", function () {
    if (state === "failed") state = "idle";
    load();
    if (!closing) show();
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    if (state === "loading") goWhenReady = true;
    else go();
  });
  form.addEventListener("keydown", function (ev) {
    var all = links();
    var i = all.indexOf(document.activeElement);
    if (ev.key === "ArrowDown" && all.length) {
      ev.preventDefault();
      all[Math.min(i + 1, all.length - 1)].focus();
    } else if (ev.key === "ArrowUp") {
      ev.preventDefault();
      if (i <= 0) input.focus();
      else all[i - 1].focus();
    } else if (ev.key === "Escape") {
      list.hidden = true;
      closing = true;
      input.focus();
      closing = false;
    }
  });
  document.addEventListener("click", function (ev) {
    if (!form.contains(ev.target)) list.hidden = true;
  });
  // "/" focuses the search box, as on many sites.
  document.addEventListener("keydown", function (ev) {
    var tag = (document.activeElement && document.activeElement.tagName) || "";
    if (ev.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA") {
      ev.preventDefault();
      input.focus();
    }
  });
})();

/* First sight of a chart on a page (.chart, scrolled when wider than its
   frame): its top box centred across, not the chart's left edge. */
(function () {
  "use strict";
  // The tests load this file in Node, with no document or a stand-in.
  if (typeof document === "undefined" || typeof document.querySelectorAll !== "function") return;
  var frames = document.querySelectorAll(".chart");
  for (var i = 0; i < frames.length; i++) {
    var f = frames[i];
    if (f.scrollWidth <= f.clientWidth + 1) continue;
    var box = f.querySelector("svg .oc-box");
    if (!box || !box.getBoundingClientRect) continue;
    var fr = f.getBoundingClientRect(), br = box.getBoundingClientRect();
    f.scrollLeft += br.left + br.width / 2 - (fr.left + fr.width / 2);
  }
})();
