#!/usr/bin/env python3
"""Write a Notion-style export (issue 17) from a chronik store's files, or a synthetic one, for import tests.

    notion-export.py --out DIR [--store DIR] [--format markdown|html] [--relations urls|paths]
                     [--names labels|keys] [--zip] [--parts N]
    notion-export.py --generate N --out FILE.zip --zip [--format …] [--seed S]

From a store (default: Repository/versions/<last>, the bundled sample at its last version, read as files, not
through git): each collection becomes a database named by its German label, each entry a row page titled by its
title field, each field a property (German label, or the key with --names keys) of the Notion type its JSON Schema
suggests: enum -> select, array of enum or of plain strings -> multi_select, x-chronik-ref -> relation, format date ->
date, date-time -> date with time, uri -> url, email -> email, boolean -> checkbox, integer/number -> number, the rest
text. Page ids are derived from "collection/id" (md5), so the same entry keeps its page id in every export and a
changed store gives an export that differs exactly where the store does.

--generate N writes N rows in 5 databases (Akteure, Ergebnisse, Termine, Glossar, Bibliothek) with relations between
them, a date range, numbers with units, Yes/No checkboxes and bodies of a few paragraphs; content comes from a
random.Random seeded with --seed (default 17), so a run is reproducible.

The files are laid out as Notion lays them out: Export-<uuid>/<Name> <hex>.csv and _all.csv (UTF-8 with BOM) or
<Name> <hex>.html with table.collection-content, and a folder <Name> <hex>/ with one <Title> <hex>.md|.html per row
(Markdown: "# Title", blank line, "Property: value" lines, blank line, body; HTML: table.properties with
tr.property-row-<type>). With --zip the output is one zip; --parts N splits it into Export-<uuid>-Part-K.zip zips
inside the outer zip, as Notion's large downloads are. Standard library only.
"""

import argparse
import csv
import datetime
import hashlib
import html
import io
import json
import os
import random
import re
import sys
import urllib.parse
import zipfile

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def page_id(key):
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def notion_date(value):
    """2022-03-01 -> March 1, 2022; 2022-03-01T09:30:00+01:00 -> March 1, 2022 9:30 AM (Notion's English form)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    text = str(value)
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?", text)
    if not m:
        return text
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    out = "%s %d, %d" % (MONTHS[month - 1], day, year)
    if m.group(4):
        hour, minute = int(m.group(4)), int(m.group(5))
        out += " %d:%02d %s" % ((hour + 11) % 12 + 1, minute, "AM" if hour < 12 else "PM")
    return out


# ---------------------------------------------------------------------------------------------------------------
# Reading a store: chronik.yml, schemas, entries (front matter in the small YAML subset the sample uses)


def parse_scalar(text):
    text = text.strip()
    if text == "":
        return None
    if text[0] == '"':
        return json.loads(text)
    if text[0] == "'":
        return text[1:-1].replace("''", "'")
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [parse_scalar(part) for part in split_flow(inner)] if inner else []
    if text.startswith("{") and text.endswith("}"):
        inner = text[1:-1].strip()
        out = {}
        for part in split_flow(inner):
            key, _, value = part.partition(":")
            out[key.strip()] = parse_scalar(value)
        return out
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def split_flow(text):
    parts, depth, quote, current = [], 0, None, ""
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def read_front_matter(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 3)
    head, body = text[4:end], text[end + 5:]
    return parse_entry_yaml(head), body


def parse_entry_yaml(text):
    """key: scalar, and key: followed by "  - item" lines (the front matter of the sample)."""
    out = {}
    key = None
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        stripped = raw.strip()
        if raw.startswith(" ") or raw.startswith("-"):
            if stripped.startswith("- ") and key is not None:
                if not isinstance(out.get(key), list):
                    out[key] = []
                out[key].append(parse_scalar(stripped[2:]))
                continue
            raise ValueError("unsupported front matter line: %r" % raw)
        k, sep, value = raw.partition(":")
        if not sep:
            raise ValueError("unsupported front matter line: %r" % raw)
        key = k.strip()
        out[key] = parse_scalar(value) if value.strip() else []
    return out


def read_config(store):
    """chronik.yml: title, language and each collection's schema, title_field and label."""
    with open(os.path.join(store, "chronik.yml"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    config = {"collections": []}
    current = None
    in_collections = False
    for raw in lines:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        key, _, value = raw.strip().partition(":")
        if indent == 0:
            in_collections = key == "collections"
            if not in_collections:
                config[key] = parse_scalar(value)
        elif in_collections and indent == 2:
            current = {"name": key}
            config["collections"].append(current)
        elif in_collections and indent == 4 and current is not None:
            current[key] = parse_scalar(value)
    return config


def store_databases(store, names):
    config = read_config(store)
    collections = config["collections"]
    schemas = {}
    for c in collections:
        with open(os.path.join(store, c["schema"]), encoding="utf-8") as f:
            schemas[c["name"]] = json.load(f)
    entries = {}
    for c in collections:
        folder = os.path.join(store, c["name"])
        rows = []
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith(".md"):
                front, body = read_front_matter(os.path.join(folder, name))
                rows.append((name[:-3], front, body))
        entries[c["name"]] = rows
    titles = {}
    for c in collections:
        for entry_id, front, _ in entries[c["name"]]:
            titles[(c["name"], entry_id)] = str(front.get(c.get("title_field", "title"), entry_id))

    def label(schema_or_field, fallback):
        value = schema_or_field.get("x-chronik-label") or schema_or_field.get("label")
        if names == "labels" and isinstance(value, dict) and value.get("de"):
            return value["de"]
        return fallback

    databases = []
    for c in collections:
        schema = schemas[c["name"]]
        title_field = c.get("title_field", "title")
        fields = schema.get("properties", {})
        properties = []
        for key, field in fields.items():
            if key == title_field:
                continue
            properties.append((key, label(field, key), notion_type(field)))
        rows = []
        for entry_id, front, body in entries[c["name"]]:
            values = {}
            for key, pname, ptype in properties:
                if key not in front or front[key] in (None, [], ""):
                    continue
                value = front[key]
                if ptype == "relation":
                    target = fields[key].get("x-chronik-ref")
                    ids = value if isinstance(value, list) else [value]
                    values[pname] = [page_id(target + "/" + str(i)) for i in ids]
                else:
                    values[pname] = value
            rows.append({"id": page_id(c["name"] + "/" + entry_id), "title": titles[(c["name"], entry_id)],
                         "values": values, "body": body.strip("\n")})
        title_name = label(fields.get(title_field, {}), title_field)
        databases.append({"id": page_id("collection/" + c["name"]), "name": label(c, c["name"]) if names == "labels" else c["name"],
                          "title": title_name, "properties": [(p[1], p[2]) for p in properties], "rows": rows})
    return databases, config.get("title", "chronik")


def notion_type(field):
    kind = field.get("type")
    if field.get("x-chronik-ref"):
        return "relation"
    if kind == "array":
        return "multi_select"
    if "enum" in field:
        return "select"
    fmt = field.get("format")
    if fmt == "date":
        return "date"
    if fmt == "date-time":
        return "date"
    if fmt == "uri":
        return "url"
    if fmt == "email":
        return "email"
    if kind == "boolean":
        return "checkbox"
    if kind in ("integer", "number"):
        return "number"
    return "text"


# ---------------------------------------------------------------------------------------------------------------
# A synthetic export for the benchmark


WORDS = ("Stadt Daten Beteiligung Verwaltung Kiez Mobilität Klima Bildung Teilhabe Strategie Labor Forum Netz Dienst "
         "Quartier Energie Wasser Grün Schule Bibliothek Werkstatt Plattform Rahmen Ambition Aktion Entwurf Bericht "
         "Gemeinwohl Transparenz Wirkung Verkehr Kultur Wirtschaft Wissenschaft Gesundheit Sicherheit").split()


def generated_databases(n, seed):
    rng = random.Random(seed)
    specs = [
        ("Akteure", "Name", [("Typ", "select"), ("Kontakt", "email"), ("Website", "url"), ("Aktiv", "checkbox")]),
        ("Ergebnisse", "Titel", [("Phase", "select"), ("Datum", "date"), ("Status", "select"), ("Autoren", "relation"),
                                 ("Schlagworte", "multi_select")]),
        ("Termine", "Termin", [("Format", "select"), ("Zeitraum", "date"), ("Ergebnisse", "relation"),
                               ("Teilnehmende", "number")]),
        ("Glossar", "Begriff", [("Synonyme", "multi_select"), ("Siehe auch", "relation")]),
        ("Bibliothek", "Titel", [("Jahr", "number"), ("URL", "url"), ("Themen", "relation"), ("Kosten", "text")]),
    ]
    targets = {("Ergebnisse", "Autoren"): "Akteure", ("Termine", "Ergebnisse"): "Ergebnisse",
               ("Glossar", "Siehe auch"): "Glossar", ("Bibliothek", "Themen"): "Glossar"}
    counts = [n // 5 + (1 if i < n % 5 else 0) for i in range(5)]
    ids = {name: [page_id("generated/%s/%d" % (name, i)) for i in range(count)] for (name, _, _), count in zip(specs, counts)}
    titles = {}
    databases = []
    for (name, title_name, properties), count in zip(specs, counts):
        rows = []
        for i in range(count):
            words = rng.sample(WORDS, 3)
            title = "%s %s %04d" % (words[0], words[1].lower(), i)
            titles[ids[name][i]] = title
            values = {}
            for pname, ptype in properties:
                if rng.random() < 0.1:
                    continue
                if ptype == "select":
                    values[pname] = rng.choice(["Entwurf", "in Kommentierung", "veröffentlicht", "Verwaltung", "Verein"])
                elif ptype == "multi_select":
                    values[pname] = sorted(set(rng.sample(WORDS, rng.randint(1, 3))))
                elif ptype == "email":
                    values[pname] = "kontakt%d@example.org" % i
                elif ptype == "url":
                    values[pname] = "https://example.org/%s/%d" % (name.lower(), i)
                elif ptype == "checkbox":
                    values[pname] = rng.random() < 0.5
                elif ptype == "date":
                    start = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
                    if pname == "Zeitraum":
                        values[pname] = (start, start + datetime.timedelta(days=rng.randint(1, 30)))
                    else:
                        values[pname] = start
                elif ptype == "number":
                    values[pname] = rng.randint(1990, 2024) if pname == "Jahr" else rng.randint(5, 500)
                elif ptype == "relation":
                    pool = ids[targets[(name, pname)]]
                    values[pname] = sorted(set(rng.choice(pool) for _ in range(rng.randint(1, 3)))) if pool else []
                else:
                    values[pname] = "%d,%02d €" % (rng.randint(0, 90), rng.randint(0, 99))
            body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))) + "."
                               for _ in range(rng.randint(1, 3)))
            rows.append({"id": ids[name][i], "title": title, "values": values, "body": body})
        databases.append({"id": page_id("generated/" + name), "name": name, "title": title_name,
                          "properties": properties, "rows": rows})
    return databases


# ---------------------------------------------------------------------------------------------------------------
# Writing


def file_title(title):
    """What Notion makes of a title for a file name: characters file systems refuse become spaces."""
    return re.sub(r'[/\\:*?"<>|]', " ", title)


def stem(title, pid):
    return "%s %s" % (file_title(title), pid)


def quote(component):
    return urllib.parse.quote(component, safe="")


def md_inline(text):
    """The inline Markdown the sample uses, as HTML: links, **strong**, *em*, `code`."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![*\w])\*([^*]+)\*(?!\w)", r"<em>\1</em>", out)
    out = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: '<a href="%s">%s</a>' % (html.escape(m.group(2)), m.group(1)), out)
    return out


def md_to_html(body):
    """Paragraphs, headings, bullet and numbered lists and quotes, as Notion's HTML export writes blocks."""
    blocks = []
    for block in re.split(r"\n\s*\n", body.strip("\n")) if body.strip() else []:
        lines = block.split("\n")
        if re.match(r"^#{1,3} ", lines[0]) and len(lines) == 1:
            level = len(lines[0].split(" ")[0])
            blocks.append('<h%d class="">%s</h%d>' % (level, md_inline(lines[0][level + 1:]), level))
        elif all(re.match(r"^[-*] ", l) for l in lines):
            blocks.extend('<ul class="bulleted-list"><li style="list-style-type:disc">%s</li></ul>' % md_inline(l[2:]) for l in lines)
        elif all(re.match(r"^\d+\. ", l) for l in lines):
            for l in lines:
                number, _, text = l.partition(". ")
                blocks.append('<ol type="1" class="numbered-list" start="%s"><li>%s</li></ol>' % (number, md_inline(text)))
        elif all(l.startswith(">") for l in lines):
            blocks.append('<blockquote class="">%s</blockquote>' % md_inline("\n".join(l[1:].lstrip() for l in lines)))
        else:
            blocks.append('<p class="">%s</p>' % md_inline("\n".join(lines)))
    return "".join(blocks)


def uuid_form(pid):
    return "%s-%s-%s-%s-%s" % (pid[:8], pid[8:12], pid[12:16], pid[16:20], pid[20:])


HTML_HEAD = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/><title>%s</title>'
             '<style>\n/* cspell:disable-file */\n/* webkit printing magic: print all background colors */\n'
             'html { -webkit-print-color-adjust: exact; }\n* { box-sizing: border-box; }\n</style></head><body>')


class Writer:
    def __init__(self, databases, fmt, relations, export_folder):
        self.databases = databases
        self.fmt = fmt
        self.relations = relations
        self.root = export_folder
        self.files = []
        self.paths = {}
        self.titles = {}
        ext = "md" if fmt == "markdown" else "html"
        for db in databases:
            folder = self.root + "/" + stem(db["name"], db["id"])
            for row in db["rows"]:
                self.paths[row["id"]] = folder + "/" + stem(row["title"], row["id"]) + "." + ext
                self.titles[row["id"]] = row["title"]

    def relative(self, target, folder):
        a = folder.split("/")
        b = target.split("/")
        common = 0
        while common < len(a) and common < len(b) - 1 and a[common] == b[common]:
            common += 1
        return "/".join([".."] * (len(a) - common) + [quote(p) for p in b[common:]])

    def text_value(self, value, ptype, folder):
        if ptype == "relation":
            if self.relations == "urls":
                parts = []
                for pid in value:
                    title = self.titles.get(pid, "")
                    slug = "-".join(re.findall(r"\w+", title))
                    parts.append("%s (https://www.notion.so/%s%s?pvs=21)" % (title, slug + "-" if slug else "", pid))
                return ", ".join(parts)
            return ", ".join(self.relative(self.paths[pid], folder) for pid in value if pid in self.paths)
        if ptype == "checkbox":
            return "Yes" if value else "No"
        if ptype == "date":
            if isinstance(value, tuple):
                return "%s → %s" % (notion_date(value[0]), notion_date(value[1]))
            return notion_date(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def html_value(self, value, ptype, folder):
        if ptype == "relation":
            return ", ".join('<a href="%s">%s</a>' % (html.escape(self.relative(self.paths[pid], folder)), html.escape(self.titles[pid]))
                             for pid in value if pid in self.paths)
        if ptype == "checkbox":
            return '<div class="checkbox checkbox-%s"></div>' % ("on" if value else "off")
        if ptype == "date":
            return "<time>@%s</time>" % html.escape(self.text_value(value, ptype, folder))
        if ptype in ("select", "multi_select"):
            items = value if isinstance(value, list) else [value]
            return "".join('<span class="selected-value select-value-color-gray">%s</span>' % html.escape(str(v)) for v in items)
        if ptype == "url":
            return '<a href="%s" class="url-value">%s</a>' % (html.escape(str(value)), html.escape(str(value)))
        if ptype == "email":
            return '<a href="mailto:%s" class="email-value">%s</a>' % (html.escape(str(value)), html.escape(str(value)))
        return html.escape(self.text_value(value, ptype, folder))

    def write(self):
        for db in self.databases:
            self.write_database(db)
        return self.files

    def add(self, path, text, bom=False):
        self.files.append((path, ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")))

    def write_database(self, db):
        dbstem = stem(db["name"], db["id"])
        rows_folder = self.root + "/" + dbstem
        names = [db["title"]] + [p[0] for p in db["properties"]]
        if self.fmt == "markdown":
            out = io.StringIO()
            w = csv.writer(out, lineterminator="\r\n")
            w.writerow(names)
            for row in db["rows"]:
                w.writerow([row["title"]] + [self.text_value(row["values"][p], t, self.root) if p in row["values"] else ""
                                             for p, t in db["properties"]])
            self.add(self.root + "/" + dbstem + ".csv", out.getvalue(), bom=True)
            self.add(self.root + "/" + dbstem + "_all.csv", out.getvalue(), bom=True)
        else:
            head = "".join("<th>%s</th>" % html.escape(n) for n in names)
            body = []
            for row in db["rows"]:
                cells = ['<td class="cell-title"><a href="%s">%s</a></td>'
                         % (html.escape(self.relative(self.paths[row["id"]], self.root)), html.escape(row["title"]))]
                for p, t in db["properties"]:
                    cells.append("<td>%s</td>" % (self.html_value(row["values"][p], t, self.root) if p in row["values"] else ""))
                body.append('<tr id="%s">%s</tr>' % (uuid_form(row["id"]), "".join(cells)))
            page = (HTML_HEAD % html.escape(db["name"]) + '<article id="%s" class="page sans"><header><h1 class="page-title">%s</h1>'
                    '<p class="page-description"></p></header><table class="collection-content"><thead><tr>%s</tr></thead>'
                    '<tbody>%s</tbody></table><br/><br/></article></body></html>'
                    % (uuid_form(db["id"]), html.escape(db["name"]), head, "".join(body)))
            self.add(self.root + "/" + dbstem + ".html", page)
        for row in db["rows"]:
            self.write_row(db, row, rows_folder)

    def write_row(self, db, row, folder):
        rowstem = stem(row["title"], row["id"])
        if self.fmt == "markdown":
            lines = ["# " + row["title"], ""]
            props = ["%s: %s" % (p, self.text_value(row["values"][p], t, folder)) for p, t in db["properties"] if p in row["values"]]
            if props:
                lines += props + [""]
            text = "\n".join(lines) + ("\n" + row["body"] + "\n" if row["body"] else "")
            self.add(folder + "/" + rowstem + ".md", text)
        else:
            props = "".join('<tr class="property-row property-row-%s"><th>%s</th><td>%s</td></tr>'
                            % (t, html.escape(p), self.html_value(row["values"][p], t, folder))
                            for p, t in db["properties"] if p in row["values"])
            page = (HTML_HEAD % html.escape(row["title"]) + '<article id="%s" class="page sans"><header><h1 class="page-title">%s</h1>'
                    '<p class="page-description"></p><table class="properties"><tbody>%s</tbody></table></header>'
                    '<div class="page-body">%s</div></article></body></html>'
                    % (uuid_form(row["id"]), html.escape(row["title"]), props, md_to_html(row["body"])))
            self.add(folder + "/" + rowstem + ".html", page)


def write_output(files, out, as_zip, parts, export_folder):
    if not as_zip:
        for path, data in files:
            target = os.path.join(out, *path.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(data)
        return
    fixed = (2022, 12, 1, 0, 0, 0)

    def zip_bytes(entries):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for path, data in entries:
                info = zipfile.ZipInfo(path, date_time=fixed)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                z.writestr(info, data)
        return buffer.getvalue()

    if parts and parts > 1:
        outer = [("%s-Part-%d.zip" % (export_folder, k + 1), zip_bytes(files[k::parts])) for k in range(parts)]
        data = zip_bytes(outer)
    else:
        data = zip_bytes(files)
    with open(out, "wb") as f:
        f.write(data)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a store's folder (default: Repository/versions/<last>)")
    parser.add_argument("--generate", type=int, metavar="N", help="a synthetic export of N rows in 5 databases")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--format", choices=["markdown", "html"], default="markdown")
    parser.add_argument("--relations", choices=["urls", "paths"], default="urls",
                        help="Markdown relations as notion.so links (current exports) or relative .md paths (older)")
    parser.add_argument("--names", choices=["labels", "keys"], default="labels",
                        help="databases and properties named by their German labels or by collection and field keys")
    parser.add_argument("--zip", action="store_true")
    parser.add_argument("--parts", type=int, default=0, help="with --zip: that many Export-…-Part-N.zip inside")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    if args.generate is not None:
        databases = generated_databases(args.generate, args.seed)
        key = "generated-%d-%d" % (args.generate, args.seed)
    else:
        store = args.store
        if not store:
            versions = os.path.join(os.path.dirname(here), "Repository", "versions")
            store = os.path.join(versions, sorted(d for d in os.listdir(versions) if not d.startswith("."))[-1])
        databases, _ = store_databases(store, args.names)
        key = os.path.basename(os.path.normpath(store))
    digest = page_id("export/" + key)
    export_folder = "Export-" + uuid_form(digest)
    files = Writer(databases, args.format, args.relations, export_folder).write()
    if os.path.exists(args.out):
        sys.exit("notion-export.py: %s exists; give a new path" % args.out)
    write_output(files, args.out, args.zip, args.parts, export_folder)
    rows = sum(len(db["rows"]) for db in databases)
    sys.stderr.write("wrote %s: %d databases, %d rows, %d files (%s)\n" % (args.out, len(databases), rows, len(files), args.format))


if __name__ == "__main__":
    main()
