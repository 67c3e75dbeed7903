#!/bin/sh
# Validation benchmark (not a timed test): `chronik validate` on a generated 5,000-entry store, next to Python's
# jsonschema (Draft202012Validator + FormatChecker, one process looping over the entries) and check-jsonschema
# (PyPI, one process per collection) on the same front matter converted to JSON, with the same schemas.
# chronik is timed twice: with its validation cache deleted before each run (cold) and with the cache warm.
# Startup is included in every figure; runs are interleaved. Usage: scripts/bench-validate.sh [RUNS] [ENTRIES]
# (SCRATCH=<build folder> to use another build folder).
set -eu
RUNS=${1:-5}
ENTRIES=${2:-5000}
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench-validate}
# The release build as `make release` makes it (scripts/release-flags.sh: the Swift runtime linked statically, lld).
RELEASE_FLAGS=$(scripts/release-flags.sh)
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik >&2
swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --product chronik-bench >&2
BIN=$(swift build -c release $RELEASE_FLAGS --scratch-path "$SCRATCH" --show-bin-path)

# Setup: the Python peers come from PyPI; what is missing is installed, and what still is missing is reported.
if ! python3 -c 'import jsonschema, yaml' >/dev/null 2>&1 || ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "setup: installing the Python peers (pip install jsonschema pyyaml check-jsonschema)" >&2
    python3 -m pip install --quiet jsonschema pyyaml check-jsonschema >&2 || echo "setup: pip install failed" >&2
fi
python3 -c 'import jsonschema, yaml' || { echo "bench-validate: the peer python jsonschema (with PyYAML) is missing" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chronik-bench-validate.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
STORE="$WORK/store"
JSON="$WORK/json"
"$BIN/chronik-bench" generate --entries "$ENTRIES" --versions 1 --seed 1 "$STORE" >&2
python3 scripts/bench_validate.py convert "$STORE" "$JSON" >&2
# The validation cache records a working tree file by its stamp only once the file has been left alone for two
# seconds (see FileStamp.isSettled): a store written just now would leave the first warm run cold.
sleep 2

# Cold: the validation cache (.git/chronik/validation-cache) is deleted before the run (the run writes it anew);
# warm: the cache left by the cold run just before it (every entry recorded by path and stamp, so none is read).
set -- "chronik validate (cold cache)=rm -rf $STORE/.git/chronik && $BIN/chronik validate --store $STORE"
set -- "$@" "chronik validate (warm cache)=$BIN/chronik validate --store $STORE"
set -- "$@" "python jsonschema loop=python3 scripts/bench_validate.py loop $STORE $JSON"
if command -v check-jsonschema >/dev/null 2>&1; then
    CJ=""
    for schema in "$STORE"/schemas/*.schema.json; do
        name=$(basename "$schema" .schema.json)
        [ -d "$JSON/$name" ] || continue
        CJ="$CJ check-jsonschema --quiet --schemafile $schema $JSON/$name/*.json &&"
    done
    set -- "$@" "check-jsonschema=${CJ} true"
else
    echo "check-jsonschema is not installed (pip install check-jsonschema): left out" >&2
fi
echo "entries: $ENTRIES, runs: $RUNS (interleaved), $(nproc) CPUs, $(uname -sm)"
python3 scripts/bench_validate.py time "$RUNS" "$@"
