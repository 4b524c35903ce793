#!/usr/bin/env bash
# Install the Debian packages dmacheck needs, only when some are missing.
# Idempotent and quiet when everything is present; works as root or via sudo.
set -eu

pkgs="clang-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev llvm-19-tools
libclang-rt-19-dev libsqlite3-dev sqlite3 nettle-dev libjansson-dev pkg-config
cmake ninja-build make python3"

missing=""
for p in $pkgs; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: not root and no sudo; install them and rerun" >&2
	exit 1
fi

echo "bootstrap: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Try without a refresh first: a fresh image often has usable lists already.
if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
echo "bootstrap: done"
