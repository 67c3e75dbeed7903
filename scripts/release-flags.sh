#!/bin/sh
# The `swift build -c release` flags of chronik's release binary, for this machine (`make release`, the benchmark
# scripts): prints them on one line.
#
# - `--static-swift-stdlib`: the Swift runtime and Foundation linked into the binary (README, "Building").
# - lld instead of gold, when the toolchain has it (`ld.lld` beside `swift`, as swift.org's Linux toolchains ship
#   it): a static chronik starts about 0.8 ms sooner (`--version` 5.0 → 4.2 ms CPU on the benchmark VM; BENCHMARKS.md,
#   "The release binary's linker").
# - with lld, the relative relocations packed (`-z pack-relative-relocs`, DT_RELR: `.rela.dyn` 2.2 MB → 18 KB) when
#   this machine's C library loads such binaries (glibc 2.36 or later; an older loader refuses to start them): another
#   0.3 ms. The binary is built for the machine that builds it, as `make install` does; set CHRONIK_PORTABLE_LINK=1 to
#   leave both out (a binary to copy to machines with an older glibc).
# CHRONIK_RELEASE_LINKER=gold|lld chooses the linker regardless (gold: the platform's default).
set -eu
flags="--static-swift-stdlib"
swift_bin=$(command -v "${SWIFT:-swift}" 2>/dev/null || true)
toolchain_bin=""
[ -n "$swift_bin" ] && toolchain_bin=$(dirname "$(readlink -f "$swift_bin")")
linker=${CHRONIK_RELEASE_LINKER:-}
if [ -z "$linker" ]; then
    if [ "${CHRONIK_PORTABLE_LINK:-0}" != 1 ] && [ -n "$toolchain_bin" ] && [ -x "$toolchain_bin/ld.lld" ]; then
        linker=lld
    else
        linker=gold
    fi
fi
if [ "$linker" = lld ]; then
    flags="$flags -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld"
    glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc //p')
    if [ "${CHRONIK_PORTABLE_LINK:-0}" != 1 ] && [ -n "$glibc" ] \
        && [ "$(printf '%s\n2.36\n' "$glibc" | sort -V | head -n1)" = 2.36 ]; then
        flags="$flags -Xlinker -z -Xlinker pack-relative-relocs"
    fi
fi
echo "$flags"
