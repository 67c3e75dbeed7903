#!/usr/bin/env python3
"""Checks a changelog page with an HTML5 parser (html5lib, strict: any parse error fails) and for what the page
promises: `lang` set, one h1, no skipped heading levels, a main landmark and a skip link to it, a viewport, no
script, no external resources (src/href/url() to other sites), no event-handler attributes, no javascript: or
data: links. Exit 0 when all is well, 1 with the problems on stderr, 3 when html5lib is missing.

Usage: check-changelog-html.py PAGE.html
"""
import re
import sys

try:
    import html5lib
except ImportError:
    print("check-changelog-html.py: html5lib is not installed (pip install html5lib)", file=sys.stderr)
    sys.exit(3)

NS = "{http://www.w3.org/1999/xhtml}"


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    with open(path, "rb") as f:
        data = f.read()
    problems = []
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        root = parser.parse(data)
    except Exception as error:  # strict mode raises on the first parse error
        print(f"{path}: HTML5 parse error: {error!r}", file=sys.stderr)
        return 1
    if parser.errors:
        problems.append(f"HTML5 parse errors: {parser.errors[:5]}")

    def tag(e):
        return e.tag.replace(NS, "") if isinstance(e.tag, str) else ""

    elements = list(root.iter())
    if not root.get("lang"):
        problems.append("<html> has no lang")
    if not any(tag(e) == "meta" and e.get("name") == "viewport" for e in elements):
        problems.append("no viewport meta element")
    if not any(tag(e) == "title" and (e.text or "").strip() for e in elements):
        problems.append("no title")
    mains = [e for e in elements if tag(e) == "main"]
    if len(mains) != 1:
        problems.append(f"{len(mains)} <main> elements, expected 1")
    main_id = mains[0].get("id") if mains else None
    links = [e for e in elements if tag(e) == "a"]
    if not main_id or not links or links[0].get("href") != f"#{main_id}":
        problems.append("the first link is not a skip link to <main>")
    headings = [int(tag(e)[1]) for e in elements if re.fullmatch(r"h[1-6]", tag(e))]
    if headings.count(1) != 1:
        problems.append(f"{headings.count(1)} h1 elements, expected 1")
    for a, b in zip(headings, headings[1:]):
        if b > a + 1:
            problems.append(f"heading level skipped: h{a} then h{b}")
            break
    ids = [e.get("id") for e in elements if e.get("id")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    for e in elements:
        name = tag(e)
        if name in ("script", "iframe", "object", "embed", "link", "img", "base", "form"):
            problems.append(f"unexpected <{name}>")
        for attribute, value in e.attrib.items():
            if attribute.lower().startswith("on"):
                problems.append(f"event handler attribute {attribute} on <{name}>")
            if attribute in ("href", "src", "action", "formaction", "xlink:href"):
                v = value.strip().lower()
                if v.startswith(("javascript:", "vbscript:", "data:")):
                    problems.append(f"dangerous link {value!r} on <{name}>")
                if name != "a" and re.match(r"^[a-z][a-z0-9+.-]*:|^//", v):
                    problems.append(f"external resource {value!r} on <{name}>")
        if name == "style" and re.search(r"url\(\s*['\"]?\s*(https?:|//)|@import", e.text or "", re.I):
            problems.append("the stylesheet loads an external resource")
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if not problems:
        print(f"{path}: valid HTML5, {len(headings)} headings, no scripts or external resources")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
