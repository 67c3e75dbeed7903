#!/usr/bin/env python3
"""`chronik publish` against Hugo on the same entries (issue 15, "Speed"): prints a Markdown table.

Rows (each run spawned under GNU time for the peak RSS; a warm-up run first, not counted):
- publish, cold: `.git/chronik` (every cache: histories, changelog) removed and the output moved aside first;
- publish, warm: the output moved aside first (removed at the end), the caches kept (what a city's CI does on its
  second run);
- publish, incremental: after one new version (an entry edited and committed, not timed), into the existing output;
- hugo: `hugo --quiet` building the same entries as plain Markdown pages (title + body) with a minimal theme (one
  layout per page kind: title, body, list of pages), the output removed first.

Then the ratios (each row against Hugo; incremental against the warm full publish), the load average over the runs,
the date and the commit of the chronik tree the script is in.

Usage: bench-publish.py --chronik BIN --store DIR [--runs 5] [--work DIR] [--no-hugo] [--rows cold,warm,incremental,hugo]
Needs GNU time (/usr/bin/time) and hugo (apt-get install hugo) unless --no-hugo.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

LAYOUT_SINGLE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
LAYOUT_LIST = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
"""


def front_matter(text):
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 4)
    return (text[4:end], text[end + 5:]) if end >= 0 else ("", text)


def hugo_project(store, folder):
    """The store's entries as Hugo content: title (the first of title/term/name/question, else the id) and body."""
    shutil.rmtree(folder, ignore_errors=True)
    for kind in ("_default",):
        os.makedirs(os.path.join(folder, "layouts", kind))
    with open(os.path.join(folder, "layouts/_default/single.html"), "w") as f:
        f.write(LAYOUT_SINGLE)
    for name in ("list.html",):
        with open(os.path.join(folder, "layouts/_default", name), "w") as f:
            f.write(LAYOUT_LIST)
    with open(os.path.join(folder, "layouts/index.html"), "w") as f:
        f.write(LAYOUT_LIST)
    with open(os.path.join(folder, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://example.org/"\nlanguageCode = "de"\ntitle = "Bench"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    count = 0
    for collection in sorted(os.listdir(store)):
        path = os.path.join(store, collection)
        if collection.startswith(".") or collection == "schemas" or not os.path.isdir(path):
            continue
        os.makedirs(os.path.join(folder, "content", collection))
        for name in sorted(os.listdir(path)):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(path, name), encoding="utf-8") as f:
                matter, body = front_matter(f.read())
            title = name[:-3]
            for key in ("title", "term", "name", "question"):
                m = re.search(rf"^{key}:\s*(.+)$", matter, re.M)
                if m:
                    title = m.group(1).strip().strip("'\"")
                    break
            with open(os.path.join(folder, "content", collection, name), "w", encoding="utf-8") as f:
                f.write("---\ntitle: " + '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"\n---\n' + body)
            count += 1
    return count


def timed(command, env, rss_file):
    start = os.times().elapsed
    result = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + command, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = os.times().elapsed - start
    if result.returncode != 0:
        sys.exit(f"bench-publish.py: {' '.join(command)} failed: {result.stderr[-2000:]}")
    with open(rss_file) as f:
        rss, user, system = f.read().strip().splitlines()[-1].split()
    return seconds, int(rss), float(user) + float(system)


def main():
    parser = argparse.ArgumentParser(usage=__doc__.split("Usage: ")[-1])
    parser.add_argument("--chronik", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-hugo", action="store_true", help="leave out the Hugo row (e.g. on the large store)")
    parser.add_argument("--rows", default="cold,warm,incremental,hugo")
    args = parser.parse_args()
    wanted = set(args.rows.split(","))
    if args.no_hugo:
        wanted.discard("hugo")
    hugo = shutil.which("hugo")
    if "hugo" in wanted and not hugo:
        sys.exit("bench-publish.py: hugo is not installed (apt-get install hugo); or give --no-hugo")
    work = args.work or tempfile.mkdtemp(prefix="chronik-bench-publish-")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LANG="C.UTF-8")
    store = os.path.abspath(args.store)
    site = os.path.join(work, "site")
    rss = os.path.join(work, "rss")
    publish = [args.chronik, "publish", "--store", store, "-o", site]
    project = os.path.join(work, "hugo")
    pages = hugo_project(store, project) if "hugo" in wanted else 0
    hugo_out = os.path.join(work, "hugo-public")
    hugo_cmd = [hugo, "--quiet", "--source", project, "--destination", hugo_out]

    # The last site is moved aside, not removed, before a cold or warm run (the folders aside are removed at the
    # end): on ext4 without a journal (this benchmark's VM), creating 18,000 files within minutes of removing as many
    # spends seconds of system time in the inode allocator (`recently_deleted`: freed inodes in a dirty inode-table
    # block are skipped for 300 s), which measured the file system, not chronik (BENCHMARKS.md, inc15b).
    aside = os.path.join(work, "aside")
    moved = [0]
    def move_site_aside():
        if os.path.isdir(site):
            os.makedirs(aside, exist_ok=True)
            moved[0] += 1
            os.rename(site, os.path.join(aside, f"site-{moved[0]}"))

    def rows():
        def cold():
            shutil.rmtree(os.path.join(store, ".git/chronik"), ignore_errors=True)
            move_site_aside()
        def warm():
            move_site_aside()
        edits = [0]
        def incremental():
            # One new version: an entry edited and committed (not timed); the output of the last publish stays.
            edits[0] += 1
            folder = sorted(d for d in os.listdir(store) if os.path.isdir(os.path.join(store, d)) and d not in ("schemas",) and not d.startswith("."))[0]
            entry = os.path.join(store, folder, sorted(os.listdir(os.path.join(store, folder)))[0])
            with open(entry, "a", encoding="utf-8") as f:
                f.write(f"\nEin weiterer Satz, Änderung {edits[0]}.\n")
            subprocess.run([args.chronik, "commit", "--store", store, "-m", f"Bench: Änderung {edits[0]}", "--author",
                            "Bench <bench@example.org>", "--date", "2031-01-01T10:00:00+01:00"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            if not os.path.isdir(site):
                subprocess.run(publish, env=env, check=True, stdout=subprocess.DEVNULL)
        def hugo_clean():
            shutil.rmtree(hugo_out, ignore_errors=True)
        all_rows = [("cold", "chronik publish, cold (no caches)", cold, publish),
                    ("warm", "chronik publish, warm caches", warm, publish),
                    ("incremental", "chronik publish, incremental after one new version", incremental, publish),
                    ("hugo", f"hugo, {pages} plain Markdown pages, minimal theme", hugo_clean, hugo_cmd)]
        return [row for row in all_rows if row[0] in wanted]

    results = {}
    loads = []
    for key, title, prepare, command in rows():
        samples = []
        for run in range(args.runs + 1):
            prepare()
            loads.append(os.getloadavg()[0])
            seconds, peak, cpu = timed(command, env, rss)
            if run > 0:
                samples.append((seconds, peak, cpu))
        times = [s for s, _, _ in samples]
        results[key] = (title, statistics.median(times), min(times), max(times), max(p for _, p, _ in samples),
                        statistics.median(c for _, _, c in samples))
        print(f"bench-publish.py: {title}: median {statistics.median(times):.2f} s", file=sys.stderr)
    shutil.rmtree(aside, ignore_errors=True)
    hugo_median = results["hugo"][1] if "hugo" in results else None
    hugo_cpu = results["hugo"][5] if "hugo" in results else None
    # CPU time (user + system, median) beside the wall time: on a loaded machine it is the steadier figure.
    print(f"| row | median | min–max | CPU (user+sys) | peak RSS | vs hugo (wall) | vs hugo (CPU) |")
    print(f"|---|---:|---:|---:|---:|---:|---:|")
    for title, median, low, high, peak, cpu in results.values():
        ratio = f"{median / hugo_median:.2f}x" if hugo_median else "–"
        cpu_ratio = f"{cpu / hugo_cpu:.2f}x" if hugo_cpu else "–"
        print(f"| {title} | {median:.2f} s | {low:.2f}–{high:.2f} s | {cpu:.2f} s | {peak / 1024:.0f} MiB | {ratio} | {cpu_ratio} |")
    print()
    if "incremental" in results and "warm" in results:
        print(f"incremental / full warm: {results['incremental'][1] / results['warm'][1]:.3f} (wall), "
              f"{results['incremental'][5] / results['warm'][5]:.3f} (CPU)")
    here = os.path.dirname(os.path.abspath(__file__))
    commit = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"{args.runs} runs after a warm-up each; load average (1 min) at the runs' starts {min(loads):.1f}–{max(loads):.1f}; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; this script's checkout at {commit or '?'} (the binary is the command's); "
          f"commands: `{' '.join(publish)}`" + (f", `{' '.join(hugo_cmd)}`" if "hugo" in results else ""))


if __name__ == "__main__":
    main()
