#!/usr/bin/env bash
# make demo: scan the bundled corpus (every driver's bad.c and its fixed
# twin good.c) into a findings database, confirm the findings by running
# each driver's harness on libdmart (dmacheck confirm --all-faults), and
# print what was found and confirmed per rule against the manifests of
# seeded bugs (corpus/*/expect.txt); then write the HTML report.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$build/bin/dmacheck"
[ -x "$tool" ] || { echo "demo: $tool not built" >&2; exit 2; }
out="$build/demo"
db="$out/demo.db"
rm -rf "$out" && mkdir -p "$out" || exit 2

echo "== scanning corpus/*/bad.c and good.c (findings: $out/scan.txt)"
"$tool" --rules='*' --source-root "$root" --db "$db" \
	"$root"/corpus/*/bad.c "$root"/corpus/*/good.c > "$out/scan.txt" 2>&1
[ $? -le 1 ] || { cat "$out/scan.txt" >&2; exit 2; }
tail -n 1 "$out/scan.txt"

echo "== confirming at run time (verdicts: $out/confirm.txt)"
"$tool" confirm --db "$db" --all-faults --jobs "${JOBS:-2}" \
	"$root"/corpus/* > "$out/confirm.txt" || exit 2
tail -n 1 "$out/confirm.txt"
echo
python3 "$root/scripts/demo_table.py" "$db" "$root/corpus"
status=$?
"$tool" report --html "$out/report" --db "$db" > /dev/null || status=2
echo
echo "Database: $db (try: $tool findings --db $db)"
echo "HTML report: $out/report/index.html"
exit $status
