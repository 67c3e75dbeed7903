#!/usr/bin/env python3
"""Writes the seed corpus of the raw-tree fuzz target (Tests/FuzzCorpus/raw-tree): pairs of tree objects as Git
stores them (`<octal mode> <name>\\0<20-byte id>`, sorted as Git sorts), each input the first tree's length in two
bytes (little-endian), then both trees. Deterministic; rerun after changing it: scripts/fuzz-tree-corpus.py"""
import hashlib
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "FuzzCorpus", "raw-tree")


def oid(text):
    return hashlib.sha1(text.encode()).digest()


def tree(entries):
    """entries: (mode, name, id-seed); sorted as Git sorts (a folder as if its name ended in "/")."""
    key = lambda e: e[1].encode() + (b"/" if e[0] == "40000" else b"")
    return b"".join(mode.encode() + b" " + name.encode() + b"\0" + oid(seed) for mode, name, seed in sorted(entries, key=key))


def pair(a, b):
    return len(a).to_bytes(2, "little") + a + b


files = [("100644", "entry-%02d.md" % k, "v1-%d" % k) for k in range(12)]
folder = ("40000", "glossary", "tree-1")
cases = {
    "same": (files, files),
    "one-changed": (files, files[:5] + [("100644", "entry-05.md", "v2-5")] + files[6:]),
    "added-removed": (files[1:], files[:-1]),
    "mode-changed": (files, [("100755", n, s) if n == "entry-03.md" else (m, n, s) for m, n, s in files]),
    "file-to-folder": (files + [("100644", "glossary", "f")], files + [folder]),
    "folder-sorting": ([("100644", "a.md", "1"), ("40000", "a", "2"), ("100644", "a-b", "3")],
                       [("100644", "a.md", "1"), ("40000", "a", "4"), ("100644", "a-b", "3")]),
    "empty-to-some": ([], files[:3]),
    "unicode-names": ([("100644", "straße.md", "1"), ("120000", "link", "2")], [("100644", "strasse.md", "1"), ("160000", "sub", "3")]),
}
os.makedirs(OUT, exist_ok=True)
for name, (a, b) in cases.items():
    with open(os.path.join(OUT, name + ".tree"), "wb") as f:
        f.write(pair(tree(a), tree(b)))
# Hostile bytes: a truncated id, a name without its NUL, a mode too long, an entry out of order.
good = tree(files[:3])
for name, bad in {"truncated-id": good[:-5], "no-nul": b"100644 name-without-end", "long-mode": b"1006440 x\0" + oid("x"),
                  "unsorted": tree(files[:2])[::-1][:0] + tree([files[2]]) + tree(files[:2])}.items():
    with open(os.path.join(OUT, name + ".tree"), "wb") as f:
        f.write(pair(good, bad))
