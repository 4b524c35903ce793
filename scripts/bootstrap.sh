#!/usr/bin/env bash
# Install the Debian packages dmacheck needs, only when some are missing.
# Idempotent and quiet when everything is present; works as root or via sudo.
set -eu

pkgs="clang-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev llvm-19-tools
libclang-rt-19-dev libsqlite3-dev sqlite3 nettle-dev libjansson-dev pkg-config
cmake ninja-build make python3"
# Wanted, not needed: the HTML report's browser tests use Chromium and are
# skipped, saying so, where it cannot be installed.
optional="chromium"

installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = \
		"install ok installed" ]
}

missing=""
for p in $pkgs; do
	installed "$p" || missing="$missing $p"
done
want=""
for p in $optional; do
	installed "$p" || want="$want $p"
done
[ -z "$missing$want" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	[ -z "$missing" ] && { echo "bootstrap: not installing$want (not root, no sudo)" >&2; exit 0; }
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: not root and no sudo; install them and rerun" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	echo "bootstrap: installing$missing"
	# Try without a refresh first: a fresh image often has usable lists.
	if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
		$SUDO apt-get update -qq
		$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
	fi
fi
if [ -n "$want" ]; then
	echo "bootstrap: installing$want"
	if ! $SUDO apt-get install -y -q --no-install-recommends $want >/dev/null 2>&1 &&
	   ! { $SUDO apt-get update -qq &&
	       $SUDO apt-get install -y -q --no-install-recommends $want >/dev/null 2>&1; }; then
		echo "bootstrap: could not install$want: the HTML report's browser tests will be skipped" >&2
	fi
fi
echo "bootstrap: done"
