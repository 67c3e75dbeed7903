#!/usr/bin/env bash
# The main job: a store in a temporary folder, two versions, and what chronik shows about them.
set -euo pipefail
chronik="${1:-chronik}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/chronik-demo.XXXXXX")/store"
author="Smart City Team <smartcity-team@example.org>"

echo "== chronik init $dir"
"$chronik" init "$dir" --title "Berlin lebenswert smart – Wissensspeicher" --author "$author" --date 2021-11-15T10:00:00+01:00
cd "$dir"
mkdir -p events glossary
cat > events/ambitionen-kommentierung.md <<'ENTRY'
---
title: Kommentierung der Ambitionen auf mein.berlin.de
format: Online-Beteiligung
platform: https://mein.berlin.de/
start: 2022-03-01
end: 2022-03-16
status: geplant
---
Berliner:innen kommentieren die Ambitionen der Smart City-Strategie.
ENTRY
echo; echo "== chronik status"
"$chronik" status
"$chronik" commit -m "Ambitionen: Beteiligung angekündigt" --author "$author" --date 2022-02-20T09:00:00+01:00
sed -i 's/^status: geplant$/status: laufend/' events/ambitionen-kommentierung.md
"$chronik" commit -m "Ambitionen: Kommentierung läuft" --author "$author" --date 2022-03-01T08:00:00+01:00
echo; echo "== chronik log"
"$chronik" log
echo; echo "== chronik show events/ambitionen-kommentierung --at HEAD~1"
"$chronik" show events/ambitionen-kommentierung --at HEAD~1
echo; echo "The store is in $dir (an ordinary Git repository: try git log there)."
