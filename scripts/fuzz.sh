#!/usr/bin/env bash
# Runs one fuzz target (or all) under libFuzzer for SECONDS each: scripts/fuzz.sh TARGET|all [SECONDS] [libFuzzer options]
# Targets: front-matter schema word-diff markdown-blocks raw-tree unified-patch (docs/fuzzing.md).
#
# The driver `chronik-fuzz` is built in its own scratch path (.build-fuzz) with -sanitize=fuzzer,address (libFuzzer,
# coverage instrumentation of every Swift module, AddressSanitizer) and linked with lld (gold fails on the
# sanitizer runtime's debug info). Each run starts from the seed corpus Tests/FuzzCorpus/TARGET and keeps what it
# learns in .build-fuzz/corpus/TARGET; a crash is saved as .build-fuzz/crashes/TARGET/crash-<sha1>: add it to the
# seed corpus and as a regression test (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(front-matter schema word-diff markdown-blocks raw-tree unified-patch)
if [ $# -lt 1 ]; then
    echo "usage: scripts/fuzz.sh TARGET|all [SECONDS] [libFuzzer options]   (targets: ${targets[*]})" >&2
    exit 2
fi
target=$1 seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
SWIFT=${SWIFT:-swift}
if [ "$target" = all ]; then
    selected=("${targets[@]}")
else
    case " ${targets[*]} " in *" $target "*) selected=("$target") ;; *) echo "unknown target: $target (${targets[*]})" >&2; exit 2 ;; esac
fi

CHRONIK_FUZZ=1 "$SWIFT" build --scratch-path .build-fuzz -c release --product chronik-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
driver="$(CHRONIK_FUZZ=1 "$SWIFT" build --scratch-path .build-fuzz -c release --show-bin-path)/chronik-fuzz"

# Swift's own crash reporter symbolicates for up to 30 s per crash; libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
status=0
for name in "${selected[@]}"; do
    mkdir -p ".build-fuzz/corpus/$name" ".build-fuzz/crashes/$name"
    echo "== $name: ${seconds}s" >&2
    if ! "$driver" "$name" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -artifact_prefix=".build-fuzz/crashes/$name/" "$@" ".build-fuzz/corpus/$name" "Tests/FuzzCorpus/$name"; then
        echo "== $name: FAILED (inputs in .build-fuzz/crashes/$name/)" >&2
        status=1
    fi
done
exit $status
