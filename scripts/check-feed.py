#!/usr/bin/env python3
"""Checks an Atom feed the way a feed reader reads it: feedparser must parse it with no bozo (error) flag, and
every entry must have an id, a title, an RFC 3339 `updated` date and content. With --links, the feed must link to
itself (rel="self") and every entry to a page (rel="alternate", an absolute http(s) address), so that a feed
reader can open it. Exit 0 when all is well, 1 with the problems on stderr, 3 when feedparser is missing.

Usage: check-feed.py FEED.atom [--entries N] [--links]
"""
import re
import sys

try:
    import feedparser
except ImportError:
    print("check-feed.py: feedparser is not installed (pip install feedparser)", file=sys.stderr)
    sys.exit(3)

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    expected = int(argv[argv.index("--entries") + 1]) if "--entries" in argv else None
    links = "--links" in argv
    with open(path, "rb") as f:
        data = f.read()
    feed = feedparser.parse(data)
    problems = []
    if feed.bozo:
        problems.append(f"not well-formed: {feed.bozo_exception!r}")
    if feed.version != "atom10":
        problems.append(f"not Atom 1.0 but {feed.version!r}")
    for key in ("id", "title", "updated"):
        if not feed.feed.get(key):
            problems.append(f"the feed has no {key}")
    def absolute(href):
        return bool(re.match(r"^https?://[^/\s]+", href or ""))
    if links and not any(l.get("rel") == "self" and absolute(l.get("href")) for l in feed.feed.get("links", [])):
        problems.append("the feed has no rel=\"self\" link")
    ids = set()
    raw_updated = re.findall(rb"<updated>([^<]*)</updated>", data)
    for stamp in raw_updated:
        if not RFC3339.match(stamp.decode()):
            problems.append(f"not an RFC 3339 date: {stamp.decode()}")
    for k, entry in enumerate(feed.entries):
        for key in ("id", "title", "updated"):
            if not entry.get(key):
                problems.append(f"entry {k + 1} has no {key}")
        if entry.get("id") in ids:
            problems.append(f"entry {k + 1} repeats the id {entry.get('id')}")
        ids.add(entry.get("id"))
        if links and not any(l.get("rel") == "alternate" and absolute(l.get("href")) for l in entry.get("links", [])):
            problems.append(f"entry {k + 1} has no rel=\"alternate\" link")
        if not entry.get("content"):
            problems.append(f"entry {k + 1} has no content")
        if not entry.get("authors") and not feed.feed.get("authors"):
            problems.append(f"entry {k + 1} has no author")
    if expected is not None and len(feed.entries) != expected:
        problems.append(f"{len(feed.entries)} entries, expected {expected}")
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path}: valid Atom 1.0, {len(feed.entries)} entries")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
