// The search script as it was before the index was split (commit 9804a65): the reference the split index's script
// is held to (SiteSearchReferenceTests). It reads the whole index (`search/index.json`, whose shape did not change)
// from `window.chronikSearchIndex` and ranks ties by `localeCompare` of the titles.
enum ReferenceSearchScript {
    static let source = #"""
/* chronik search: searches search/index.js in the browser; no external requests. */
(function () {
  "use strict";
  var current = document.currentScript;
  var base = current && current.src ? current.src : document.baseURI;
  var labels = {
    de: { none: "Keine Treffer für „{q}“.", one: "1 Treffer für „{q}“.", many: "{n} Treffer für „{q}“.",
          more: "Die ersten {n} werden gezeigt.", error: "Der Suchindex konnte nicht geladen werden." },
    en: { none: "No results for “{q}”.", one: "1 result for “{q}”.", many: "{n} results for “{q}”.",
          more: "The first {n} are shown.", error: "The search index could not be loaded." }
  };
  var lang = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var text = labels[lang] || labels.en;
  var limit = 50;

  function normalise(s) {
    return s.toLowerCase().replace(/ß/g, "ss").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(s) {
    return normalise(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function variants(w) {
    var folded = w.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
    return folded === w ? [w] : [w, folded];
  }
  function firstAtLeast(keys, w) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < w) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }
  /* Entry positions with their scores, best first. */
  function search(index, keys, query) {
    var total = null;
    var qs = words(query);
    for (var i = 0; i < qs.length; i++) {
      var scores = new Map();
      variants(qs[i]).forEach(function (v) {
        for (var k = firstAtLeast(keys, v); k < keys.length && keys[k].lastIndexOf(v, 0) === 0; k++) {
          var exact = keys[k] === v ? 2 : 1;
          index.terms[keys[k]].forEach(function (p) {
            var score = (p & 1 ? 4 : 1) * exact, entry = p >> 1;
            if ((scores.get(entry) || 0) < score) { scores.set(entry, score); }
          });
        }
      });
      if (total === null) { total = scores; } else {
        var both = new Map();
        total.forEach(function (s, entry) { if (scores.has(entry)) { both.set(entry, s + scores.get(entry)); } });
        total = both;
      }
    }
    var list = [];
    if (total) { total.forEach(function (s, entry) { list.push([entry, s]); }); }
    list.sort(function (a, b) {
      return b[1] - a[1] || index.entries[a[0]][1].localeCompare(index.entries[b[0]][1]);
    });
    return list;
  }
  function say(template, query, n) {
    return template.replace("{q}", function () { return query; }).replace("{n}", String(n));
  }
  function show(region, index, keys, query) {
    while (region.firstChild) { region.removeChild(region.firstChild); }
    query = query.trim();
    if (!query || words(query).length === 0) { return; }
    var found = search(index, keys, query);
    var status = document.createElement("p");
    status.className = "chronik-search-status";
    status.textContent = say(found.length === 0 ? text.none : found.length === 1 ? text.one : text.many, query, found.length)
      + (found.length > limit ? " " + say(text.more, query, limit) : "");
    region.appendChild(status);
    if (found.length === 0) { return; }
    var list = document.createElement("ol");
    list.className = "chronik-search-list";
    found.slice(0, limit).forEach(function (hit) {
      var entry = index.entries[hit[0]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(entry[0], base).href;
      link.textContent = entry[1];
      item.appendChild(link);
      var collection = document.createElement("span");
      collection.className = "chronik-search-collection";
      collection.textContent = " (" + entry[2] + ")";
      item.appendChild(collection);
      if (entry[3]) {
        var snippet = document.createElement("p");
        snippet.textContent = entry[3];
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
    region.appendChild(list);
  }
  function start(index) {
    var input = document.getElementById("chronik-search-input");
    var region = document.getElementById("chronik-search-results");
    if (!input || !region) { return; }
    if (!index || !index.terms) {
      var problem = document.createElement("p");
      problem.textContent = text.error;
      region.appendChild(problem);
      return;
    }
    var keys = Object.keys(index.terms).sort();
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { input.value = query; }
    show(region, index, keys, input.value);
    input.addEventListener("input", function () { show(region, index, keys, input.value); });
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        show(region, index, keys, input.value);
      });
    }
  }
  function load() {
    if (window.chronikSearchIndex) { start(window.chronikSearchIndex); return; }
    var tag = document.createElement("script");
    tag.src = new URL("index.js", base).href;
    tag.onload = function () { start(window.chronikSearchIndex); };
    tag.onerror = function () { start(null); };
    document.head.appendChild(tag);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", load); } else { load(); }
})();
"""#
}
