#!/bin/sh
# Notion import benchmark (issue 17; not a timed test): `chronik import notion` of a generated export of ROWS rows in
# 5 databases (zip, scripts/notion-export.py --generate), next to its git peer in the same run: `unzip` of the same
# zip plus `git add -A && git commit` of its files. chronik reports its own split (reading the export, converting,
# writing: the checks and the commit) in `--format json`'s `seconds`. Runs are interleaved, the order of the two
# alternating from run to run; startup is included.
# Usage: scripts/bench-notion-import.sh [RUNS] [ROWS]. CHRONIK=<binary> times that binary instead of building the
# release one as `make release` does (SCRATCH=<build folder> for another build folder).
set -eu
RUNS=${1:-3}
ROWS=${2:-5000}
cd "$(dirname "$0")/.."
if [ -z "${CHRONIK:-}" ]; then
    SCRATCH=${SCRATCH:-.build-bench-notion}
    swift build -c release $(scripts/release-flags.sh) --scratch-path "$SCRATCH" --product chronik >&2
    CHRONIK="$(swift build -c release $(scripts/release-flags.sh) --scratch-path "$SCRATCH" --show-bin-path)/chronik"
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chronik-bench-notion.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
python3 scripts/notion-export.py --generate "$ROWS" --zip --out "$WORK/export.zip" >&2
FILES=$(unzip -Z1 "$WORK/export.zip" | grep -vc '/$')
export HOME="$WORK" GIT_CONFIG_NOSYSTEM=1 CHRONIK_LANG=en
now() { python3 -c 'import time; print(time.monotonic())'; }
run_chronik() {
    start=$(now)
    "$CHRONIK" import notion "$WORK/export.zip" --store "$WORK/store" --author "Bench <bench@example.org>" \
        --date 2025-02-05T10:00:00+01:00 --format json > "$WORK/report.json"
    chronik=$(python3 -c "import time; print(round(time.monotonic() - $start, 2))")
    split=$(python3 -c "import json; s = json.load(open('$WORK/report.json'))['seconds']; print(' / '.join('%.2f s' % s[k] for k in ('read', 'convert', 'write')))")
}
run_peer() {
    mkdir "$WORK/git"
    start=$(now)
    (cd "$WORK/git" && git init -q && unzip -q "$WORK/export.zip" && git add -A \
        && git -c user.name=Bench -c user.email=bench@example.org commit -q -m import)
    peer=$(python3 -c "import time; print(round(time.monotonic() - $start, 2))")
}
echo "| Run | chronik import notion | read / convert / write | unzip + git add -A && git commit | chronik / git | load |"
echo "|---|---|---|---|---|---|"
i=1
while [ "$i" -le "$RUNS" ]; do
    rm -rf "$WORK/store" "$WORK/git"
    # Which of the two goes first alternates: right after the previous run's folders are deleted, creating files is
    # slower for whoever comes first (perf: ext4 inode allocation in `recently_deleted` / `find_inode_bit`).
    if [ $((i % 2)) -eq 1 ]; then run_chronik; run_peer; else run_peer; run_chronik; fi
    ratio=$(python3 -c "print('%.1f' % ($chronik / $peer))")
    echo "| $i | $chronik s | $split | $peer s ($FILES files) | ${ratio}× | $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?) |"
    i=$((i + 1))
done
