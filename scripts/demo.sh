#!/usr/bin/env bash
# make demo: scan the bundled corpus and print what dmacheck finds, driver by
# driver, against each driver's manifest of seeded bugs (expect.txt).
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$build/bin/dmacheck"
[ -x "$tool" ] || { echo "demo: $tool not built" >&2; exit 2; }

status=0
printf '%-16s %-8s %-9s %-9s %s\n' DRIVER EXPECTED FOUND MATCHED "GOOD TWIN"
for dir in "$root"/corpus/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	[ -f "$dir/bad.c" ] || continue
	echo "== $name: bad.c" >&2
	out=$("$tool" "$dir/bad.c" 2>&1)
	printf '%s\n' "$out" | sed 's|^'"$root"'/||' >&2
	found=$(printf '%s\n' "$out" | sed -n 's/^[^:]*bad\.c:\([0-9]*\):[0-9]*: [a-z]*: .*\[\([a-z0-9-]*\)\]$/\2 \1/p' | sort -u)
	expected=$(grep -v '^#' "$dir/expect.txt" | sed '/^$/d' | sort -u)
	matched=$(comm -12 <(printf '%s\n' "$expected") <(printf '%s\n' "$found") | sed '/^$/d' | wc -l)
	nexp=$(printf '%s\n' "$expected" | sed '/^$/d' | wc -l)
	nfound=$(printf '%s\n' "$found" | sed '/^$/d' | wc -l)
	good="silent"
	if [ -f "$dir/good.c" ] && ! "$tool" "$dir/good.c" >/dev/null 2>&1; then
		good="NOT SILENT"
		status=1
	fi
	[ "$matched" -eq "$nexp" ] && [ "$nfound" -eq "$nexp" ] || status=1
	printf '%-16s %-8s %-9s %-9s %s\n' "$name" "$nexp" "$nfound" "$matched" "$good"
done
exit $status
