#!/usr/bin/env bash
# Issue 14's speed rows in one command: builds chronik and chronik-bench (release, as `make release`), generates the
# plain repository of the given size (no chronik.yml; release branches with a fix and a lightweight tag, merged
# --no-ff into main; cached in --work), and times `chronik log` (cold and warm) against `git log --name-status -M`
# and `chronik changelog --by release` (cold and warm) against `git log -p --word-diff=porcelain`.
# Usage: scripts/bench-plain.sh [SIZE [RUNS]]   (default: medium 5). Prints the Markdown table on stdout.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZE="${1:-medium}"
RUNS="${2:-5}"
SCRATCH="${BENCH_SCRATCH_PATH:-.build-bench}"

# The release build as `make release` makes it (scripts/release-flags.sh).
RELEASE_FLAGS=$(scripts/release-flags.sh)
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik >&2
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik-bench >&2
BIN="$(swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --show-bin-path)"

"$BIN/chronik-bench" run --size "$SIZE" --runs "$RUNS" --chronik "$BIN/chronik" \
    --only plain-log plain-log-warm plain-changelog-cold plain-changelog-warm
