#!/bin/sh
# `make install` and `make uninstall` (issue 18): the chronik binary, its manual pages and its shell completions, in
# the usual places below PREFIX (default /usr/local), all of it below DESTDIR when set (for packagers):
#
#   $PREFIX/bin/chronik
#   $PREFIX/bin/chronik-serve      (what `chronik serve` runs: the binary's sibling chronik-serve)
#   $PREFIX/share/man/man1/chronik.1, chronik.list.1, …
#   $PREFIX/share/bash-completion/completions/chronik
#   $PREFIX/share/zsh/site-functions/_chronik
#   $PREFIX/share/fish/vendor_completions.d/chronik.fish
#
# Usage: scripts/install.sh install BINARY MANDIR    (MANDIR: what `make man` generated, MANDIR/man1/*.1;
#                                                     chronik-serve is taken from BINARY's folder)
#        scripts/install.sh uninstall
# The completion scripts are the binary's own (`chronik --generate-completion-script SHELL`).
set -eu

PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
root="$DESTDIR$PREFIX"
bindir="$root/bin"
mandir="$root/share/man"
bashdir="$root/share/bash-completion/completions"
zshdir="$root/share/zsh/site-functions"
fishdir="$root/share/fish/vendor_completions.d"

case "${1:-}" in
install)
    binary=${2:?usage: scripts/install.sh install BINARY MANDIR}
    pages=${3:?usage: scripts/install.sh install BINARY MANDIR}
    [ -x "$binary" ] || { echo "chronik: error: no binary at $binary (make release first)" >&2; exit 3; }
    server="$(dirname "$binary")/chronik-serve"
    [ -x "$server" ] || { echo "chronik: error: no binary at $server (make release first)" >&2; exit 3; }
    ls "$pages"/man1/chronik.1 >/dev/null 2>&1 || { echo "chronik: error: no manual pages in $pages (make man first)" >&2; exit 3; }
    install -d "$bindir" "$mandir/man1" "$bashdir" "$zshdir" "$fishdir"
    install -m 755 "$binary" "$bindir/chronik"
    install -m 755 "$server" "$bindir/chronik-serve"
    install -m 644 "$pages"/man1/*.1 "$mandir/man1/"
    # The scripts name the binary by the name it was called with: the installed one's.
    for shell in bash zsh fish; do
        case $shell in
        bash) target="$bashdir/chronik" ;;
        zsh) target="$zshdir/_chronik" ;;
        fish) target="$fishdir/chronik.fish" ;;
        esac
        "$binary" --generate-completion-script "$shell" > "$target.tmp"
        mv "$target.tmp" "$target"
        chmod 644 "$target"
    done
    echo "installed chronik in $bindir, its manual pages in $mandir, completions for bash, zsh and fish"
    ;;
uninstall)
    rm -f "$bindir/chronik" "$bindir/chronik-serve" "$bashdir/chronik" "$zshdir/_chronik" "$fishdir/chronik.fish"
    rm -f "$mandir"/man1/chronik.1 "$mandir"/man1/chronik.*.1
    echo "removed chronik from $root"
    ;;
*)
    echo "usage: scripts/install.sh install BINARY MANDIR | uninstall" >&2
    exit 2
    ;;
esac
