#!/usr/bin/env bash
# usage: check-manifests.sh DMACHECK CORPUS_DIR
set -u
tool=$1
corpus=$2
status=0
n=0
for dir in "$corpus"/*/; do
	[ -f "$dir/bad.c" ] || continue
	n=$((n + 1))
	name=$(basename "$dir")
	found=$("$tool" --rules='*' "$dir/bad.c" 2>&1 |
		sed -n 's/^[^:]*bad\.c:\([0-9]*\):[0-9]*: warning: .*\[\([a-z0-9-]*\)\]$/\2 \1/p' | sort -u)
	expected=$(grep -v '^#' "$dir/expect.txt" | sed '/^$/d' | sort -u)
	if [ "$found" != "$expected" ]; then
		echo "$name: bad.c findings differ from expect.txt"
		diff <(echo "$expected") <(echo "$found") | sed 's/^/  /'
		status=1
	fi
	if [ -f "$dir/good.c" ]; then
		out=$("$tool" --rules='*' "$dir/good.c" 2>&1)
		if [ $? -ne 0 ]; then
			echo "$name: good.c is not clean:"
			echo "$out" | sed 's/^/  /'
			status=1
		fi
	fi
done
[ "$n" -gt 0 ] || { echo "no corpus drivers found in $corpus"; exit 1; }
echo "checked $n corpus drivers"
exit $status
