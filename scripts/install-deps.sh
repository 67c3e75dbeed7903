#!/usr/bin/env bash
# Installs what chronik needs to build and test on Debian or Ubuntu, if it is missing:
# libgit2 (with pkg-config to find it), libcmark-gfm, mimalloc (chronik's allocator on Linux, see Package.swift),
# libdeflate (GitKit inflates pack entries with it when present; zlib otherwise), git (used by the tests to check
# repositories) and python3.
set -euo pipefail

packages=(libgit2-dev pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev libcurl4-openssl-dev libdeflate0 git python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
