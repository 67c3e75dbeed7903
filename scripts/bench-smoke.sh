#!/usr/bin/env bash
# CI smoke test of the benchmark harness (issue 4): builds release, generates the small store, verifies it, checks
# that the generator is deterministic, and runs the runner with two timed runs. Fails if any step fails or the
# runner prints no Markdown table. It asserts nothing about timings: machines are noisy.
set -euo pipefail

cd "$(dirname "$0")/.."
SCRATCH="${BENCH_SCRATCH_PATH:-.build-bench}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/chronik-bench-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# The release build as `make release` makes it (scripts/release-flags.sh: static Swift runtime, the toolchain's lld,
# packed relocations where glibc loads them), so that CI runs the binary users install through the runner below.
RELEASE_FLAGS=$(scripts/release-flags.sh)
echo "bench-smoke: release flags: $RELEASE_FLAGS"
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik-bench
BIN="$(swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --show-bin-path)"
case "$RELEASE_FLAGS" in
    *pack-relative-relocs*)
        # The relocations packed (DT_RELR), as asked: the loader of this machine starts such a binary (below).
        readelf -d "$BIN/chronik" | grep -q '(RELR)' || { echo "bench-smoke: no packed relocations in $BIN/chronik" >&2; exit 1; } ;;
esac
"$BIN/chronik" --version | grep -q . || { echo "bench-smoke: the release binary printed no version" >&2; exit 1; }

"$BIN/chronik-bench" generate --size small --verify "$WORK/store"
"$BIN/chronik-bench" verify --determinism
"$BIN/chronik-bench" generate --size small --plain --verify "$WORK/plain"

# The front-matter event reader against the reference reader on every entry of the generated stores (issue 19).
for corpus in "$WORK/store" "$WORK/plain"; do
    CHRONIK_FRONTMATTER_CORPUS="$corpus" swift test --skip-build --filter "YAMLEventReaderTests/aGeneratedStoreReadsAlikeWhenGiven" 2>&1 \
        | tee "$WORK/frontmatter.log" | grep -E "compared [0-9]+ files" || { cat "$WORK/frontmatter.log" >&2; echo "bench-smoke: front-matter comparison failed" >&2; exit 1; }
    grep -q "passed after" "$WORK/frontmatter.log" || { cat "$WORK/frontmatter.log" >&2; exit 1; }
done

"$BIN/chronik-bench" run --size small --runs 2 --work "$WORK/run" --chronik "$BIN/chronik" | tee "$WORK/report.md"

header='| Operation | chronik | peak RSS | git | peak RSS | chronik / git |'
grep -qF -- "$header" "$WORK/report.md" || { echo "bench-smoke: the runner printed no table" >&2; exit 1; }
for row in 'commit one changed entry' 'history of one entry' 'whole history (no cache)' 'whole history, warm (cache)' \
    'diff, first..last tag (word by word)' 'diff --stat, first..last tag' \
    'changelog, every version, cold (no cache)' 'changelog, every version, warm (cache)' \
    'plain repository: whole history (no cache)' 'plain repository: whole history, warm (cache)' \
    'plain repository: changelog by release, cold (no cache)' 'plain repository: changelog by release, warm (cache)'; do
    grep -qF "| $row | " "$WORK/report.md" || { echo "bench-smoke: row \"$row\" is missing" >&2; exit 1; }
done
echo "bench-smoke: ok"
