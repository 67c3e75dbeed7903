#!/bin/sh
# The check of `make install` (issue 18), for CI and by hand: installs into a temporary DESTDIR (with the binary
# given, default the debug build, so that no release build is needed) and checks every file: the binary runs,
# `chronik serve` starts the chronik-serve installed beside it, the manual pages render with man(1), the bash script
# loads and names chronik, the zsh and fish scripts call chronik for revisions; then `make uninstall` leaves nothing
# behind.
#
# Usage: scripts/check-install.sh [BINARY]    (run `make man` first; it runs it when .build/man is missing)
set -eu
cd "$(dirname "$0")/.."
binary=${1:-$(swift build --show-bin-path)/chronik}
[ -f .build/man/man1/chronik.1 ] || make man
destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT
prefix=/usr/local
root="$destdir$prefix"
fail() { echo "check-install: $*" >&2; exit 1; }

PREFIX=$prefix DESTDIR="$destdir" scripts/install.sh install "$binary" .build/man

[ -x "$root/bin/chronik" ] || fail "no $root/bin/chronik"
"$root/bin/chronik" --version >/dev/null || fail "the installed chronik does not run"
# `chronik serve` runs the chronik-serve installed beside chronik: up on a free port, then stopped.
[ -x "$root/bin/chronik-serve" ] || fail "no $root/bin/chronik-serve"
mkdir "$destdir/site" && echo '<!DOCTYPE html><title>check</title>' > "$destdir/site/index.html"
"$root/bin/chronik" serve --folder "$destdir/site" --port 0 > "$destdir/serve.out" 2>&1 &
served=$!
for _ in $(seq 1 100); do grep -q "http://127.0.0.1:" "$destdir/serve.out" && break; sleep 0.1; done
kill -INT "$served"; wait "$served" || fail "chronik serve ended with an error: $(cat "$destdir/serve.out")"
grep -q "http://127.0.0.1:" "$destdir/serve.out" || fail "the installed chronik serve did not start: $(cat "$destdir/serve.out")"
rm -rf "$destdir/site" "$destdir/serve.out"
for page in chronik.1 chronik.list.1 chronik.diff.1 chronik.log.1; do
    [ -f "$root/share/man/man1/$page" ] || fail "no manual page $page"
done
pages=$(ls "$root/share/man/man1" | wc -l)
[ "$pages" -ge 20 ] || fail "only $pages manual pages"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$root/share/man/man1/chronik.list.1" 2>/dev/null | grep -q -- "--where" || fail "man chronik.list does not render --where"
fi
bash --norc --noprofile -c ". '$root/share/bash-completion/completions/chronik' && complete -p chronik" | grep -q -- "-F .* chronik$" \
    || fail "the bash completion does not load"
grep -q -- "---completion show -- --at" "$root/share/zsh/site-functions/_chronik" || fail "zsh completion lacks revisions"
grep -q -- "---completion show -- --at" "$root/share/fish/vendor_completions.d/chronik.fish" || fail "fish completion lacks revisions"

PREFIX=$prefix DESTDIR="$destdir" scripts/install.sh uninstall >/dev/null
left=$(find "$destdir" -type f | wc -l)
[ "$left" -eq 0 ] || fail "uninstall left $left files: $(find "$destdir" -type f)"
echo "check-install: ok ($pages manual pages, chronik and chronik-serve, bash/zsh/fish completions installed and removed)"
