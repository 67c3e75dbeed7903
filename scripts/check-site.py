#!/usr/bin/env python3
"""Checks a site that `chronik publish` wrote, as a resident meets it (issue 15, "Tested as a resident would").

- every HTML page parses with html5lib in strict mode (a parse error fails);
- every Atom feed (*.xml but sitemap.xml) parses with feedparser (bozo fails), has rel="self", and every item a link;
- sitemap.xml (when there) is XML with absolute <loc>s; every *.json file parses; every file of the split
  search index (search/manifest.js, terms/, docs/) hands its own name and JSON to window.chronikSearchLoad;
- every internal link and resource (href, src, action) of every page resolves to a file of the site, fragments to an
  id on the target page; no internal link points to a folder (`./`, `../x/`, `x`: from file:// a folder is a
  listing or nothing, so every link names its file, e.g. `index.html`); nothing is loaded from elsewhere (script, style sheet, image, font); `linkchecker` (Debian)
  runs as well when installed;
- no file contains an e-mail address, nor a string of `--forbid FILE` (one per line: planted private values);
- in headless Chromium (selenium; Debian's chromium and chromium-driver), one page of each type (start page,
  collection, entry, document, changelog, release, search with a query) at 1280 and 390 CSS pixels: a screenshot of
  each, no console error, no request outside the site, nothing wider than 390 px on the phone, no serious or
  critical axe-core violation (the WCAG 2 A/AA rules of the bundled axe-core); the search page must list results that link to pages of the site.

Exit 0 when all is well, 1 with every problem on stderr, 2 on bad usage, 3 when a required tool is missing.
The browser part is skipped with a visible line when selenium or chromium is missing, unless
CHRONIK_REQUIRE_BROWSER_CHECKS=1 (CI), where that is exit 3.

Usage: check-site.py SITE_DIR [--forbid FILE] [--screenshots DIR] [--no-browser]
"""
import argparse
import html
import html.parser
import json
import os
import re
import shutil
import tempfile
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


class Page(html.parser.HTMLParser):
    """The links, resources and ids of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (tag, attribute, value, rel)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for attribute in ("href", "src", "action", "poster"):
            if attrs.get(attribute) is not None:
                self.links.append((tag, attribute, attrs[attribute], (attrs.get("rel") or "").lower()))
        if attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                if candidate.strip():
                    self.links.append((tag, "srcset", candidate.strip().split()[0], ""))


def site_files(root):
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return sorted(found)


def check_html(root, files, problems):
    try:
        import html5lib
    except ImportError:
        problems.append("html5lib is not installed (pip install html5lib)")
        return {}
    pages = {}
    for path in (f for f in files if f.endswith(".html")):
        with open(os.path.join(root, path), "rb") as handle:
            data = handle.read()
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(data)
        except Exception as error:  # html5lib raises ParseError with the position
            problems.append(f"{path}: html5lib: {error}")
        page = Page()
        page.feed(data.decode("utf-8", errors="replace"))
        pages[path] = page
    return pages


def check_feeds(root, files, problems):
    try:
        import feedparser
    except ImportError:
        problems.append("feedparser is not installed (pip install feedparser)")
        return 0
    count = 0
    for path in (f for f in files if f.endswith(".xml") and os.path.basename(f) != "sitemap.xml"):
        count += 1
        feed = feedparser.parse(os.path.join(root, path))
        if feed.bozo:
            problems.append(f"{path}: feedparser: {feed.bozo_exception}")
            continue
        if not any(link.get("rel") == "self" for link in feed.feed.get("links", [])):
            problems.append(f"{path}: the feed has no rel=\"self\" link")
        for item in feed.entries:
            if not any(link.get("rel") == "alternate" and link.get("href") for link in item.get("links", [])):
                problems.append(f"{path}: item {item.get('id', '?')!r} has no rel=\"alternate\" link")
    return count


def check_data(root, files, problems):
    for path in (f for f in files if f.endswith(".json")):
        try:
            with open(os.path.join(root, path), encoding="utf-8") as handle:
                json.load(handle)
        except (ValueError, UnicodeDecodeError) as error:
            problems.append(f"{path}: not JSON: {error}")
    # The split search index: every file hands its name and JSON to window.chronikSearchLoad (docs/publish.md).
    index_files = [f for f in files if f == "search/manifest.js" or f.startswith(("search/terms/", "search/docs/"))]
    for path in index_files:
        with open(os.path.join(root, path), encoding="utf-8") as handle:
            text = handle.read()
        match = re.match(r'window\.chronikSearchLoad\("([^"]+)",(.*)\);\n\Z', text, re.S)
        if not match or "search/" + match.group(1) + ".js" != path:
            problems.append(f"{path}: does not call window.chronikSearchLoad with its own name")
            continue
        try:
            json.loads(match.group(2))
        except ValueError as error:
            problems.append(f"{path}: the index data is not JSON: {error}")
    if "search/search.js" in files and "search/manifest.js" not in files:
        problems.append("search/manifest.js: missing (the search script loads it first)")
    if "sitemap.xml" in files:
        try:
            tree = ET.parse(os.path.join(root, "sitemap.xml"))
            for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
                if not urllib.parse.urlsplit(loc.text or "").scheme:
                    problems.append(f"sitemap.xml: <loc> {loc.text!r} is not absolute")
        except ET.ParseError as error:
            problems.append(f"sitemap.xml: {error}")


def check_links(root, files, pages, problems):
    """Every internal link resolves; nothing is loaded from elsewhere. Returns how many links were followed."""
    present = set(files)
    followed = 0
    for path, page in pages.items():
        for tag, attribute, value, rel in page.links:
            url = urllib.parse.urlsplit(html.unescape(value.strip()))
            # What the browser fetches by itself: sources, and <link>s but those that only name a page (a feed's
            # rel="alternate", canonical, …).
            names = {"alternate", "canonical", "self", "next", "prev", "license", "help", "author", "search"}
            loads = attribute in ("src", "srcset", "poster") or (tag == "link" and not set(rel.split()) & names)
            if url.scheme or url.netloc:
                if loads:
                    problems.append(f"{path}: <{tag} {attribute}> loads {value} from elsewhere")
                elif url.scheme not in ("http", "https", "mailto", ""):
                    problems.append(f"{path}: <{tag} {attribute}> has a {url.scheme}: link")
                continue
            if url.path.startswith("/"):
                problems.append(f"{path}: <{tag} {attribute}> {value} is root-relative: it breaks when opened from disk")
                continue
            if url.path.endswith("/") or url.path in (".", ".."):
                # From file:// a folder shows a listing (or nothing): every internal link names its file (index.html).
                problems.append(f"{path}: <{tag} {attribute}> {value} points to a folder: name the file (…/index.html), "
                                "or it breaks when the site is opened from disk")
                continue
            followed += 1
            target = path if not url.path else os.path.normpath(os.path.join(os.path.dirname(path), urllib.parse.unquote(url.path))).replace(os.sep, "/")
            if (target + "/index.html") in present and target not in present:
                problems.append(f"{path}: <{tag} {attribute}> {value} points to a folder: name the file (…/index.html), "
                                "or it breaks when the site is opened from disk")
                continue
            if target.startswith("../") or target == "..":
                problems.append(f"{path}: <{tag} {attribute}> {value} leads out of the site")
                continue
            if target not in present:
                problems.append(f"{path}: <{tag} {attribute}> {value} does not resolve ({target} is missing)")
                continue
            if url.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else set()
                if urllib.parse.unquote(url.fragment) not in ids:
                    problems.append(f"{path}: <{tag} {attribute}> {value}: no id {url.fragment!r} on {target}")
    return followed


def check_private(root, files, forbid, problems):
    strings = []
    if forbid:
        with open(forbid, encoding="utf-8") as handle:
            strings = [line.rstrip("\n") for line in handle if line.strip()]
    for path in files:
        with open(os.path.join(root, path), "rb") as handle:
            data = handle.read()
        match = EMAIL.search(data)
        if match:
            problems.append(f"{path}: holds an e-mail address ({match.group().decode(errors='replace')})")
        text = data.decode("utf-8", errors="replace")
        # Also as a reader would see it (entities decoded) and as JSON escapes it.
        views = (text, html.unescape(text))
        for string in strings:
            if any(string in view for view in views) or json.dumps(string)[1:-1] in text:
                problems.append(f"{path}: holds the forbidden string {string!r}")
    return len(strings)


def run_linkchecker(root, problems):
    tool = shutil.which("linkchecker")
    if not tool:
        print("check-site.py: linkchecker is not installed: its check is skipped (the own crawler ran)")
        return
    # Run as root, linkchecker drops its privileges to "nobody", which cannot read a site inside a private folder
    # (mktemp -d is 0700): then it checks a copy in a folder that everyone may read.
    copy = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        copy = tempfile.mkdtemp(prefix="check-site-")
        os.chmod(copy, 0o755)
        shutil.copytree(root, os.path.join(copy, "site"), symlinks=True)
        for folder, folders, files in os.walk(copy):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
    target = os.path.join(copy, "site") if copy else os.path.abspath(root)
    try:
        result = subprocess.run([tool, "--no-status", "--no-warnings", "--ignore-url=^https?:", "--ignore-url=^mailto:",
                                 "file://" + os.path.join(target, "index.html")],
                                capture_output=True, text=True)
    finally:
        if copy:
            shutil.rmtree(copy, ignore_errors=True)
    summary = [line for line in result.stdout.splitlines() if "links in" in line and "checked" in line]
    print(f"check-site.py: linkchecker: {summary[-1].strip() if summary else 'no summary'}")
    if result.returncode != 0:
        problems.append("linkchecker found broken links:\n" + result.stdout[-4000:])


def page_types(root, files):
    """One page of each type, by the site's layout (Sources/ChronikPublish/SiteFiles.swift, SitePaths)."""
    chosen = {}
    def first(label, predicate):
        for path in files:
            if predicate(path):
                chosen[label] = path
                return
    first("start", lambda p: p == "index.html")
    first("changelog", lambda p: p == "changes/index.html")
    first("release", lambda p: re.fullmatch(r"releases/[^/]+/index\.html", p) is not None)
    first("document", lambda p: re.fullmatch(r"[^/]+/document\.html", p) is not None)
    first("search", lambda p: p == "search/index.html")
    first("release-site", lambda p: re.fullmatch(r"v/[^/]+/index\.html", p) is not None)
    special = ("changes", "releases", "search", "assets", "v")
    first("collection", lambda p: re.fullmatch(r"[^/]+/index\.html", p) is not None and p.split("/")[0] not in special)
    first("entry", lambda p: re.fullmatch(r"[^/]+/[^/]+/index\.html", p) is not None and p.split("/")[0] not in special)
    return chosen


def search_query(root):
    """A word of the first entry's title, to search for."""
    try:
        with open(os.path.join(root, "search/index.json"), encoding="utf-8") as handle:
            index = json.load(handle)
        for entry in index["entries"]:
            words = [w for w in re.split(r"\W+", entry[1]) if len(w) >= 4]
            if words:
                return words[0][:5]
    except (OSError, ValueError, KeyError, IndexError):
        pass
    return None


def check_browser(root, files, shots, problems):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from axe_selenium_python import Axe
    except ImportError as error:
        return f"{error.name} is not installed (pip install selenium axe-selenium-python)"
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    driver_path = next((shutil.which(n) for n in ("chromedriver", "chromium-driver") if shutil.which(n)), None)
    if not browser or not driver_path:
        return "chromium or chromedriver not found (apt-get install chromium chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(180)
    site = os.path.abspath(root)
    try:
        for label, path in sorted(page_types(root, files).items()):
            url = "file://" + urllib.parse.quote(os.path.join(site, path))
            query = search_query(root) if label == "search" else None
            if query:
                url += "?q=" + urllib.parse.quote(query)
            for width, height in ((1280, 900), (390, 844)):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                driver.get(url)
                driver.get_log("browser")  # the log of the page before
                driver.refresh()
                shot = os.path.join(shots, f"{label}-{width}.png")
                driver.save_screenshot(shot)
                where = f"{path} at {width}px"
                for entry in driver.get_log("browser"):
                    if entry.get("level") == "SEVERE":
                        problems.append(f"{where}: console error: {entry.get('message')}")
                for resource in driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)"):
                    if not resource.startswith("file://" + site + "/"):
                        problems.append(f"{where}: loaded {resource}, outside the site")
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{where}: the page is {scroll}px wide")
                if label == "search" and query:
                    hits = driver.execute_script(
                        "return Array.from(document.querySelectorAll('#chronik-search-results a')).map(a => a.href)")
                    if not hits:
                        problems.append(f"{where}: searching for {query!r} listed no result")
                    for hit in hits:
                        target = urllib.parse.unquote(urllib.parse.urlsplit(hit).path)
                        if not os.path.isfile(target):
                            problems.append(f"{where}: the result link {hit} does not resolve")
                if width == 1280:
                    axe = Axe(driver)
                    axe.inject()
                    results = driver.execute_script(
                        "return axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
                    for violation in results["violations"]:
                        if violation.get("impact") in ("serious", "critical"):
                            nodes = ", ".join(n["target"][0] if n.get("target") else "?" for n in violation["nodes"][:3])
                            problems.append(f"{where}: axe {violation['impact']}: {violation['id']}: {violation['help']} ({nodes})")
            print(f"check-site.py: browser: {label} ({path}) checked at 1280 and 390 px")
    finally:
        driver.quit()
    return None


def main(argv):
    parser = argparse.ArgumentParser(description="Checks a published chronik site.", usage=__doc__.split("Usage: ")[-1])
    parser.add_argument("site")
    parser.add_argument("--forbid", help="a file of strings (one per line) that no file of the site may contain")
    parser.add_argument("--screenshots", help="where the screenshots go (default: SITE/../site-screenshots)")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium part")
    args = parser.parse_args(argv[1:])
    root = args.site
    if not os.path.isfile(os.path.join(root, "index.html")):
        print(f"check-site.py: {root} has no index.html: not a published site", file=sys.stderr)
        return 2
    files = site_files(root)
    problems = []
    pages = check_html(root, files, problems)
    feeds = check_feeds(root, files, problems)
    check_data(root, files, problems)
    followed = check_links(root, files, pages, problems)
    forbidden = check_private(root, files, args.forbid, problems)
    run_linkchecker(root, problems)
    missing = None
    if not args.no_browser:
        shots = args.screenshots or os.path.join(os.path.dirname(os.path.abspath(root)), "site-screenshots")
        os.makedirs(shots, exist_ok=True)
        missing = check_browser(root, files, shots, problems)
        if missing:
            print(f"check-site.py: skipped: the browser checks: {missing}")
    for problem in problems:
        print(f"check-site.py: {problem}", file=sys.stderr)
    print(f"check-site.py: {len(files)} files, {len(pages)} pages, {feeds} feeds, {followed} internal links, "
          f"{forbidden} forbidden strings: {len(problems)} problems")
    if problems:
        return 1
    if missing and os.environ.get("CHRONIK_REQUIRE_BROWSER_CHECKS") == "1":
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
