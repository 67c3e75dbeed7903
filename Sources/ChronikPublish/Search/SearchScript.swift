import ChronikStore
import Foundation

// The search script (`search/search.js`): plain ES2018, no dependency, no request to another host. It loads the
// split index (SiteSearch.swift) file by file as script elements (found beside itself through
// `document.currentScript`, so it works from any folder and from `file://`, where `fetch()` is refused): first the
// manifest, then for a query the term shards its words need, then the document chunks of the results it shows. It
// reads the query from the form's input (`?q=` on load, then as the reader types) and lists the matches in
// `#chronik-search-results` (an `aria-live` region), once everything they need has arrived; an answer to an older
// query that arrives late is dropped. Everything it inserts is built with `textContent` and `href` on new elements:
// nothing from the index is parsed as HTML. Normalisation matches `SearchText` (the rules are described there).
//
// Matching: every word of the query must match (AND); a query word matches an index word that starts with it
// (prefix), or with its `ae`/`oe`/`ue` → `a`/`o`/`u` folding. Ranking: a title word counts four times, an exact
// word twice; ties by title (the documents are stored in title order, so by position).

enum SearchScript {
    /// The script, with the words it shows in every language of the catalog (`labels`).
    static let source = template.replacingOccurrences(of: "/*@labels@*/", with: labels)

    /// The messages of the results list by language (`{q}` the query, `{n}` a count, filled in by the script), from
    /// the message catalog: the script is one file for every site, and picks them by the page's `lang`.
    static var labels: String {
        func js(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        let languages: [StoreLanguage] = [.de, .en]
        return "{\n" + languages.map { language in
            let c = Messages.catalog(language)
            return "    \(language.rawValue): { none: \(js(c.siteSearchNoResults(query: "{q}"))), one: \(js(c.siteSearchResults(count: "1", plural: false, query: "{q}"))), "
                + "many: \(js(c.siteSearchResults(count: "{n}", plural: true, query: "{q}"))),\n"
                + "          more: \(js(c.siteSearchFirstShown(count: "{n}"))), error: \(js(c.siteSearchFailed())) }"
        }.joined(separator: ",\n") + "\n  }"
    }

    private static let template = #"""
/* chronik search: searches the index in search/ (manifest.js, terms/, docs/) in the browser; no external requests. */
(function () {
  "use strict";
  var current = document.currentScript;
  var base = current && current.src ? current.src : document.baseURI;
  var labels = /*@labels@*/;
  var lang = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var text = labels[lang] || labels.en;
  var limit = 50;
  /* The index files, by name ("manifest", "terms/bu", "docs/3"), as they arrive; and who waits for which. */
  var loaded = {}, waiting = {}, failed = {}, sortedKeys = {};
  window.chronikSearchLoad = function (name, data) { loaded[name] = data; };

  /* Calls done(ok) once every file of names has arrived (or one failed); adds a script element per new file. */
  function need(names, done) {
    var pending = 0, ok = true, finished = false;
    function settle() { if (pending === 0 && !finished) { finished = true; done(ok); } }
    names.forEach(function (name) {
      if (loaded[name] !== undefined) { return; }
      if (failed[name]) { ok = false; return; }
      pending++;
      if (!waiting[name]) {
        waiting[name] = [];
        var tag = document.createElement("script");
        tag.src = new URL(name + ".js", base).href;
        tag.onload = function () { arrived(name, loaded[name] !== undefined); };
        tag.onerror = function () { arrived(name, false); };
        document.head.appendChild(tag);
      }
      waiting[name].push(function (good) { if (!good) { ok = false; } pending--; settle(); });
    });
    settle();
  }
  function arrived(name, good) {
    if (!good) { failed[name] = true; }
    var list = waiting[name] || [];
    delete waiting[name];
    list.forEach(function (f) { f(good); });
  }

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
  /* The term shards a query's words need: those whose key begins a variant of a word, or that a variant begins. */
  function shardsFor(manifest, qs) {
    var names = [];
    qs.forEach(function (q) {
      variants(q).forEach(function (v) {
        Object.keys(manifest.terms).forEach(function (key) {
          var name = "terms/" + manifest.terms[key];
          if ((key.lastIndexOf(v, 0) === 0 || v.lastIndexOf(key, 0) === 0) && names.indexOf(name) < 0) { names.push(name); }
        });
      });
    });
    return names;
  }
  /* Document positions with their scores, best first (ties: the lower position, which is title order). */
  function search(names, qs) {
    var total = null;
    for (var i = 0; i < qs.length; i++) {
      var scores = new Map();
      variants(qs[i]).forEach(function (v) {
        names.forEach(function (name) {
          var terms = loaded[name];
          var keys = sortedKeys[name] || (sortedKeys[name] = Object.keys(terms).sort());
          for (var k = firstAtLeast(keys, v); k < keys.length && keys[k].lastIndexOf(v, 0) === 0; k++) {
            var exact = keys[k] === v ? 2 : 1, posting = 0;
            terms[keys[k]].forEach(function (difference) {
              posting += difference;
              var score = (posting & 1 ? 4 : 1) * exact, entry = posting >> 1;
              if ((scores.get(entry) || 0) < score) { scores.set(entry, score); }
            });
          }
        });
      });
      if (total === null) { total = scores; } else {
        var both = new Map();
        total.forEach(function (s, entry) { if (scores.has(entry)) { both.set(entry, s + scores.get(entry)); } });
        total = both;
      }
    }
    var list = [];
    if (total) { total.forEach(function (s, entry) { list.push([entry, s]); }); }
    list.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return list;
  }
  function say(template, query, n) {
    return template.replace("{q}", function () { return query; }).replace("{n}", String(n));
  }
  function clear(region) {
    while (region.firstChild) { region.removeChild(region.firstChild); }
  }
  function problem(region) {
    clear(region);
    var p = document.createElement("p");
    p.textContent = text.error;
    region.appendChild(p);
  }
  function render(region, manifest, query, found) {
    clear(region);
    var status = document.createElement("p");
    status.className = "chronik-search-status";
    status.textContent = say(found.length === 0 ? text.none : found.length === 1 ? text.one : text.many, query, found.length)
      + (found.length > limit ? " " + say(text.more, query, limit) : "");
    region.appendChild(status);
    if (found.length === 0) { return; }
    var list = document.createElement("ol");
    list.className = "chronik-search-list";
    found.slice(0, limit).forEach(function (hit) {
      var entry = loaded["docs/" + Math.floor(hit[0] / manifest.chunk)][hit[0] % manifest.chunk];
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
  var serial = 0;
  function show(region, manifest, query) {
    var mine = ++serial;
    query = query.trim();
    var qs = words(query);
    if (!query || qs.length === 0) { clear(region); return; }
    var names = shardsFor(manifest, qs);
    need(names, function (ok) {
      if (mine !== serial) { return; }
      if (!ok) { problem(region); return; }
      var found = search(names, qs);
      var chunks = [];
      found.slice(0, limit).forEach(function (hit) {
        var name = "docs/" + Math.floor(hit[0] / manifest.chunk);
        if (chunks.indexOf(name) < 0) { chunks.push(name); }
      });
      need(chunks, function (ok) {
        if (mine !== serial) { return; }
        if (!ok) { problem(region); return; }
        render(region, manifest, query, found);
      });
    });
  }
  function start() {
    var input = document.getElementById("chronik-search-input");
    var region = document.getElementById("chronik-search-results");
    if (!input || !region) { return; }
    need(["manifest"], function (ok) {
      var manifest = loaded.manifest;
      if (!ok || !manifest || !manifest.terms || !(manifest.chunk > 0)) { problem(region); return; }
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { input.value = query; }
      show(region, manifest, input.value);
      input.addEventListener("input", function () { show(region, manifest, input.value); });
      if (input.form) {
        input.form.addEventListener("submit", function (event) {
          event.preventDefault();
          show(region, manifest, input.value);
        });
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
"""#
}
