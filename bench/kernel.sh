#!/bin/sh
# Kernel-scale benchmark of dmacheck (issue 7): dmacheck, `clang-19
# -fsyntax-only` and Coccinelle's spatch on the same files with the same
# flags (kbuild's, from its dry run), on linux 6.12 x86_64 allmodconfig.
#
#   bench/kernel.sh [sample|ethernet|all]...     (default: sample ethernet)
#
# KTREE (default: ../kernel/linux-source-6.12 beside the project) is
# installed and prepared with ../shared/bench/setup_kernel.sh when missing;
# spatch (Debian's coccinelle) is installed when missing. Results go to
# bench/out/<case>.json and a summary to stdout; bench/results.md is
# written by hand from them (with the date and the machine).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
KTREE=${KTREE:-$(dirname "$root")/kernel/linux-source-6.12}
DMACHECK=${DMACHECK:-$root/build/bin/dmacheck}
JOBS=${JOBS:-$(nproc)}

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -f "$KTREE/include/config/auto.conf" ]; then
	echo "kernel.sh: preparing $KTREE" >&2
	as_root env KTREE="$KTREE" bash "$root/../shared/bench/setup_kernel.sh"
fi
if ! command -v spatch > /dev/null 2>&1; then
	echo "kernel.sh: installing coccinelle" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y coccinelle
fi
[ -x "$DMACHECK" ] || { echo "kernel.sh: build dmacheck first (make build)" >&2; exit 2; }

[ $# -gt 0 ] || set -- sample ethernet
mkdir -p "$here/out"
# A private copy: a rebuild of build/ during the run (the cache keys on the
# executable) must not change the tool under measurement.
tool=$(mktemp -d)/dmacheck
cp "$DMACHECK" "$tool"
DMACHECK=$tool
"$DMACHECK" --version
for case in "$@"; do
	python3 "$here/kernel_bench.py" --case "$case" --ktree "$KTREE" \
		--dmacheck "$DMACHECK" --jobs "$JOBS" \
		--out "$here/out/$case.json"
done
