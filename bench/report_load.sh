#!/usr/bin/env bash
# usage: bench/report_load.sh DMACHECK DB [RUNS]
# Writes the HTML report of DB's latest run and loads its index in headless
# Chromium RUNS times (default 5).  Prints the report's size, the time to
# write it and each load time: report.js's performance.now() once the list
# is usable (the JSON parsed, the first page of rows built, the handlers
# attached), i.e. from navigation start; data-load-ms in the dumped DOM.
set -eu
tool=$1 db=$2 runs=${3:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
"$tool" report --html "$out/r" --db "$db" > /dev/null
end=$(date +%s.%N)
echo "findings: $(ls "$out/r/f" | wc -l), index.html: $(stat -c %s "$out/r/index.html") bytes, report: $(du -sh "$out/r" | cut -f1), written in $(echo "$end - $start" | bc) s"
for i in $(seq "$runs"); do
	chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
		--user-data-dir="$out/profile" --dump-dom "file://$out/r/index.html" \
		2> /dev/null | grep -o 'data-load-ms="[0-9]*"' | grep -o '[0-9]*'
done | sort -n | awk '{ v[NR] = $1 } END { printf "index load (ms, %d runs):", NR; for (i = 1; i <= NR; i++) printf " %d", v[i]; printf "; median %d\n", v[int((NR + 1) / 2)] }'
