#!/usr/bin/env bash
# Compares docs/rules/*.md and docs/rules/README.md with rules/checks.def.
set -u
root=$1
status=0
sev() { echo "$1" | tr 'A-Z' 'a-z'; }
while read -r id name severity static runtime; do
	page="$root/docs/rules/$name.md"
	case $static in
	IMPLEMENTED) an=implemented ;;
	PLANNED) an=planned ;;
	NONE) an="runtime only" ;;
	esac
	if [ "$runtime" = 1 ]; then rt="reports it"; else rt="no"; fi
	want="Severity: $(sev "$severity") · Analyzer: $an · Runtime (libdmart): $rt"
	if [ ! -f "$page" ]; then
		echo "missing page: docs/rules/$name.md"; status=1; continue
	fi
	head -1 "$page" | grep -qF "# $name ($id)" || { echo "$name: bad title"; status=1; }
	sed -n 3p "$page" | grep -qxF "$want" || { echo "$name: status line is '$(sed -n 3p "$page")', want '$want'"; status=1; }
	if [ "$static" = IMPLEMENTED ] && ! grep -q "^DMA_\(NAME_\)\?TRIGGER($id," "$root/rules/triggers.def"; then
		echo "$name: implemented but no DMA_TRIGGER row in rules/triggers.def"; status=1
	fi
	row=$(grep -F "| $id |" "$root/docs/rules/README.md")
	echo "$row" | grep -qF "| $(sev "$severity") | ${an/runtime only/runtime only} |" || { echo "$name: index row disagrees: $row"; status=1; }
done < <(sed -n 's/^DMA_CHECK(\(DMC[0-9]*\), "\([a-z0-9-]*\)", \([A-Z]*\), \([A-Z]*\), \([01]\),.*/\1 \2 \3 \4 \5/p' "$root/rules/checks.def")
exit $status
