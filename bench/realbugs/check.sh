#!/bin/sh
# check.sh [PATCH...]: each real-bug patch of bench/realbugs, checked alone
# against the linux 6.12 tree (issue 21). For every patch:
#   1. the files it touches are copied aside (the scratch copy of the tree's
#      state), and dmacheck scans them as they are (before);
#   2. the patch must apply (patch -p1, as `git apply` would);
#   3. kbuild must build each touched object with the tree's config
#      (make LLVM=-19 <dir>/<name>.o);
#   4. dmacheck scans the patched files (after): none of the findings the
#      patch names (its "dmacheck-finding: RULE FILE FUNCTION" lines) may be
#      left, and no finding may be new (rule, function and message with the
#      line numbers taken out, counted);
#   5. the original files are put back (with their times) and the objects
#      built are deleted, so that later dry runs see the tree unchanged.
# One line per patch: PASS or FAIL, the patch, the step that failed.
#   KTREE (default ../kernel/linux-source-6.12 beside the project),
#   DMACHECK (default build/bin/dmacheck). Exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KTREE=${KTREE:-$(dirname "$root")/kernel/linux-source-6.12}
DMACHECK=${DMACHECK:-$root/build/bin/dmacheck}
[ -f "$KTREE/include/config/auto.conf" ] ||
	{ echo "check.sh: $KTREE is not a prepared tree (../shared/bench/setup_kernel.sh)" >&2; exit 2; }
[ $# -gt 0 ] || set -- "$here"/[0-9][0-9][0-9][0-9]-*.patch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# RULE|FUNCTION|MESSAGE-without-numbers, one line per finding, sorted.
findings() {
	"$DMACHECK" findings --db "$1" --format csv |
		python3 -c '
import csv, re, sys
r = csv.DictReader(sys.stdin)
for f in r:
    print("%s|%s|%s|%s" % (f["rule"], f["file"], f["function"],
                           re.sub(r"[0-9]+", "N", f["message"])))' | sort
}

scan() { # DB FILE...
	db=$1
	shift
	(cd "$KTREE" && "$DMACHECK" --kernel-tree . -j 2 -q --no-cache \
		--db "$db" "$@" > /dev/null 2>&1)
	[ $? -le 1 ]
}

restore() {
	for f in $files; do
		cp -p "$work/orig/$f" "$KTREE/$f"
		o=${f%.c}.o
		rm -f "$KTREE/$o" "$KTREE/$(dirname "$o")/.$(basename "$o").cmd"
	done
}

for p in "$@"; do
	name=$(basename "$p")
	files=$(sed -n 's|^+++ b/\([^	 ]*\).*|\1|p' "$p" | sort -u)
	rm -rf "$work/orig" "$work"/*.db
	for f in $files; do
		mkdir -p "$work/orig/$(dirname "$f")"
		cp -p "$KTREE/$f" "$work/orig/$f"
	done
	if ! scan "$work/before.db" $files; then
		echo "FAIL $name: the unpatched files do not scan"
		failed=1; continue
	fi
	if ! patch -p1 -s -d "$KTREE" < "$p" > "$work/patch.log" 2>&1; then
		restore
		echo "FAIL $name: does not apply: $(head -n 1 "$work/patch.log")"
		failed=1; continue
	fi
	step=
	for f in $files; do
		case $f in *.c) ;; *) continue ;; esac
		if ! make -C "$KTREE" -s LLVM=-19 "${f%.c}.o" > "$work/make.log" 2>&1; then
			step="does not build: $(grep -m1 'error' "$work/make.log")"
			break
		fi
	done
	if [ -z "$step" ] && ! scan "$work/after.db" $files; then
		step="the patched files do not scan"
	fi
	if [ -z "$step" ]; then
		findings "$work/before.db" > "$work/before.txt"
		findings "$work/after.db" > "$work/after.txt"
		named=$(sed -n 's/^dmacheck-finding: //p' "$p")
		[ -n "$named" ] || step="names no finding (dmacheck-finding: lines)"
		echo "$named" | while read -r rule file fn; do
			[ -n "$rule" ] || continue
			grep -q "^$rule|$file|$fn|" "$work/before.txt" ||
				echo "not reported before: $rule $fn"
			grep -q "^$rule|$file|$fn|" "$work/after.txt" &&
				echo "still reported: $rule $fn"
		done > "$work/named.txt"
		new=$(comm -13 "$work/before.txt" "$work/after.txt" | head -n 1)
		if [ -s "$work/named.txt" ]; then
			step=$(head -n 1 "$work/named.txt")
		elif [ -n "$new" ]; then
			step="new finding: $new"
		fi
	fi
	restore
	if [ -n "$step" ]; then
		echo "FAIL $name: $step"
		failed=1
	else
		echo "PASS $name: $(echo "$files" | tr '\n' ' ')"
	fi
done
exit $failed
