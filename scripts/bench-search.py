#!/usr/bin/env python3
"""Measures a published site's search in headless Chromium over HTTP (BENCHMARKS.md, "Search").

    scripts/bench-search.py --chronik BIN --site DIR [--runs N] [--pagefind] [--queries q1,q2,…] [--json FILE]

The site (a folder `chronik publish` wrote) is served with `BIN serve --folder DIR` on a free port. For each query:
- "ready": the time from opening the search page until its script has its index (chronik: `manifest.js`, or the
  whole `index.js` of sites before the split; Pagefind: after `init()`), wall clock, with the bytes it loaded;
- "first": the search page freshly loaded (its script and `manifest.js` in), the query typed (an `input` event),
  timed until the result list for it is rendered; the index bytes the query loaded (the resources it added:
  term shards and document chunks, decoded sizes) and how many files;
- "again": the same query typed again N times (everything it needs is loaded), median.
With --pagefind, a copy of the site is indexed by `python3 -m pagefind --site COPY` (pip install
'pagefind[extended]', optional) and searched the same way: `await pagefind.search(q)` and the data of the first ten
results (what its UI shows), after `init()`; bytes are those of the files under /pagefind/ the query loaded.
Sizes on disk: chronik's search/ files (index.json, which the script does not load, apart), Pagefind's folder.
Needs selenium, chromium and chromedriver (as scripts/check-site.py). Prints a Markdown table; figures only, no
assertion.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

QUERIES = ["digital", "bürger", "strategie", "daten", "smart city", "verwaltung", "open", "beteiligung", "ki", "zukunft"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(chronik, folder):
    port = free_port()
    process = subprocess.Popen([chronik, "serve", "--folder", folder, "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=1).read()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("bench-search.py: chronik serve did not answer")


def folder_bytes(path, skip=()):
    total, count = 0, 0
    for base, _, names in os.walk(path):
        for name in names:
            full = os.path.join(base, name)
            if os.path.relpath(full, path) in skip:
                continue
            total += os.path.getsize(full)
            count += 1
    return total, count


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = next(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n))
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver_path = next(shutil.which(n) for n in ("chromedriver", "chromium-driver") if shutil.which(n))
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(120)
    return driver


# Types `query` into the search field and resolves with [ms, results] once the status line names it.
CHRONIK_QUERY = """
const [query, done] = arguments;
const input = document.getElementById("chronik-search-input");
const region = document.getElementById("chronik-search-results");
const before = performance.getEntriesByType("resource").length;
const start = performance.now();
input.value = query;
input.dispatchEvent(new Event("input"));
(function wait() {
  const status = region.querySelector(".chronik-search-status") || region.querySelector("p");
  if (status && status.textContent.includes(query.trim())) {
    const ms = performance.now() - start;
    const added = performance.getEntriesByType("resource").slice(before);
    done([ms, region.querySelectorAll("li").length, added.reduce((n, e) => n + e.decodedBodySize, 0), added.length]);
  } else { setTimeout(wait, 0); }
})();
"""

CHRONIK_CLEAR = """
const input = document.getElementById("chronik-search-input");
input.value = "";
input.dispatchEvent(new Event("input"));
"""

CHRONIK_READY = """
const done = arguments[0];
(function wait() {
  const names = performance.getEntriesByType("resource").map(e => e.name);
  if (names.some(n => n.endsWith("/search/manifest.js") || n.endsWith("/search/index.js")) && document.readyState === "complete") {
    setTimeout(() => done(performance.getEntriesByType("resource").reduce((n, e) => n + e.decodedBodySize, 0)), 50);
  } else { setTimeout(wait, 10); }
})();
"""

PAGEFIND_INIT = """
const done = arguments[0];
import("/pagefind/pagefind.js").then(async (pf) => {
  await pf.init();
  window.pf = pf;
  done(performance.getEntriesByType("resource").filter(e => e.name.includes("/pagefind/")).reduce((n, e) => n + e.decodedBodySize, 0));
});
"""

PAGEFIND_QUERY = """
const [query, done] = arguments;
const before = performance.getEntriesByType("resource").length;
const start = performance.now();
window.pf.search(query).then(async (r) => {
  await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  const ms = performance.now() - start;
  const added = performance.getEntriesByType("resource").slice(before);
  done([ms, r.results.length, added.reduce((n, e) => n + e.decodedBodySize, 0), added.length]);
});
"""


def measure(driver, url, queries, runs, ready, query_script, clear):
    rows = []
    for query in queries:
        start = time.monotonic()
        driver.get(url)
        page = driver.execute_async_script(ready)
        ready_ms = (time.monotonic() - start) * 1000
        first = driver.execute_async_script(query_script, query)
        again = []
        for _ in range(runs):
            if clear:
                driver.execute_script(CHRONIK_CLEAR)
            again.append(driver.execute_async_script(query_script, query)[0])
        rows.append({"query": query, "page_bytes": page, "ready_ms": ready_ms, "first_ms": first[0], "results": first[1],
                     "loaded_bytes": first[2], "loaded_files": first[3], "again_ms": statistics.median(again) if again else None})
    return rows


def summary(name, rows, disk):
    first = [r["first_ms"] for r in rows]
    again = [r["again_ms"] for r in rows if r["again_ms"] is not None]
    loaded = [r["loaded_bytes"] for r in rows]
    files = [r["loaded_files"] for r in rows]
    ready = [r["ready_ms"] for r in rows]
    return (f"| {name} | {disk} | {rows[0]['page_bytes']:,} B with the page (ready in {statistics.median(ready):.0f} ms); "
            f"per query median {statistics.median(loaded):,.0f} B "
            f"(max {max(loaded):,} B), {statistics.median(files):.0f} files (max {max(files)}) | "
            f"{statistics.median(first):.1f} ms ({min(first):.1f}–{max(first):.1f}) | "
            f"{statistics.median(again):.2f} ms ({min(again):.2f}–{max(again):.2f}) |")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chronik", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pagefind", action="store_true")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    queries = [q for q in args.queries.split(",") if q]
    site = os.path.abspath(args.site)
    out = {"site": site, "queries": queries}
    search = os.path.join(site, "search")
    total, count = folder_bytes(search, skip=("index.json", "index.html"))
    index_json = os.path.getsize(os.path.join(search, "index.json")) if os.path.exists(os.path.join(search, "index.json")) else 0
    terms = folder_bytes(os.path.join(search, "terms"))[1] if os.path.isdir(os.path.join(search, "terms")) else 0
    largest = max((os.path.getsize(os.path.join(base, n)) for base, _, names in os.walk(os.path.join(search, "terms")) for n in names), default=0)
    disk = f"{total:,} B in {count} files ({terms} term shards, the largest {largest:,} B); index.json {index_json:,} B"
    lines = ["| | search files on disk | index loaded | first query (median, min–max) | same query again |", "|---|---|---|---:|---:|"]
    driver = browser()
    try:
        server, port = serve(args.chronik, site)
        try:
            rows = measure(driver, f"http://127.0.0.1:{port}/search/index.html", queries, args.runs, CHRONIK_READY, CHRONIK_QUERY, True)
        finally:
            server.terminate()
            server.wait()
        out["chronik"] = rows
        lines.append(summary("chronik", rows, disk))
        if args.pagefind:
            copy = tempfile.mkdtemp(prefix="bench-search-")
            try:
                shutil.copytree(site, os.path.join(copy, "site"))
                start = time.monotonic()
                subprocess.run([sys.executable, "-m", "pagefind", "--site", os.path.join(copy, "site")], check=True,
                               stdout=subprocess.DEVNULL)
                out["pagefind_index_s"] = time.monotonic() - start
                pf_total, pf_count = folder_bytes(os.path.join(copy, "site", "pagefind"))
                server, port = serve(args.chronik, os.path.join(copy, "site"))
                try:
                    rows = []
                    for query in queries:
                        start = time.monotonic()
                        driver.get(f"http://127.0.0.1:{port}/search/index.html")
                        page = driver.execute_async_script(PAGEFIND_INIT)
                        ready_ms = (time.monotonic() - start) * 1000
                        first = driver.execute_async_script(PAGEFIND_QUERY, query)
                        again = [driver.execute_async_script(PAGEFIND_QUERY, query)[0] for _ in range(args.runs)]
                        rows.append({"query": query, "page_bytes": page, "ready_ms": ready_ms, "first_ms": first[0], "results": first[1],
                                     "loaded_bytes": first[2], "loaded_files": first[3], "again_ms": statistics.median(again)})
                finally:
                    server.terminate()
                    server.wait()
                out["pagefind"] = rows
                lines.append(summary(f"Pagefind (indexing {out['pagefind_index_s']:.1f} s)", rows, f"{pf_total:,} B in {pf_count} files"))
            finally:
                shutil.rmtree(copy, ignore_errors=True)
    finally:
        driver.quit()
    print("\n".join(lines))
    for name in ("chronik", "pagefind"):
        for row in out.get(name, []):
            print(f"{name}: {row['query']!r}: {row['results']} results, first {row['first_ms']:.1f} ms, {row['loaded_bytes']:,} B in "
                  f"{row['loaded_files']} files, again {row['again_ms']:.2f} ms")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
