#!/usr/bin/env bash
# sarif-validate.sh CACHE FILE...
#
# Validates SARIF logs two ways; any problem fails (exit 1):
#  1. schema: ajv-cli (JSON Schema 2020-12, formats checked by ajv-formats)
#     against sarif-2.1.0.json, the SARIF 2.1.0 schema shipped in the npm
#     package @microsoft/sarif-multitool-linux;
#  2. the official SARIF validator, `Sarif.Multitool validate` from the same
#     package, with its SARIF and GitHub rule sets: any result of level error
#     or warning fails, except SARIF2005 (no informationUri): dmacheck has
#     no https documentation address yet and writes no file:// one
#     (DMADB_DOCS_URI in analyzer/db/internal.h).  (It alone misses some
#     schema errors, e.g. an invalid enum value, hence step 1.)
# The tools, pinned in sarif-tools/package.json, are installed with npm into
# CACHE when missing (exit 2 when that fails).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$1
shift
stamp="$cache/.installed-$(sha256sum "$here/sarif-tools/package.json" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  if [ ! -f "$stamp" ]; then
    cp "$here/sarif-tools/package.json" "$cache/package.json"
    if ! (cd "$cache" && npm install --no-audit --no-fund --loglevel=error) >&2; then
      echo "sarif-validate: cannot install the SARIF validators with npm" >&2
      exit 2
    fi
    chmod u+x "$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    touch "$stamp"
  fi
  exec 9>&-
fi
pkg="$cache/node_modules/@microsoft/sarif-multitool-linux"
schema="$pkg/sarif-2.1.0.json"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
  # ajv-cli picks the parser by extension.
  cp "$f" "$tmp/log.json"
  if "$cache/node_modules/.bin/ajv" validate --spec=draft2020 -c ajv-formats \
      --strict=false --errors=text -s "$schema" -d "$tmp/log.json" \
      >"$tmp/ajv.out" 2>&1; then
    echo "schema: $f: valid (SARIF 2.1.0, $schema)"
  else
    echo "schema: $f: INVALID"
    sed 's/^/  /' "$tmp/ajv.out"
    status=1
  fi
  rm -f "$tmp/v.sarif"
  if ! "$pkg/Sarif.Multitool" validate "$f" -o "$tmp/v.sarif" \
      --level Error Warning --rule-kind "Sarif;Gh" >"$tmp/mt.out" 2>&1 ||
     [ ! -s "$tmp/v.sarif" ]; then
    echo "multitool: $f: validator failed to run"
    sed 's/^/  /' "$tmp/mt.out"
    status=1
    continue
  fi
  n=$(node -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let n = 0;
    for (const run of d.runs || [])
      for (const r of run.results || [])
        if (((r.level || "warning") === "error" || (r.level || "warning") === "warning") &&
            r.ruleId !== "SARIF2005")
          n++;
    console.log(n);' "$tmp/v.sarif")
  if [ "$n" = 0 ]; then
    echo "multitool: $f: valid (Sarif.Multitool 5.7.0 validate, SARIF and GitHub rules)"
  else
    echo "multitool: $f: INVALID ($n problems)"
    grep -E ': (error|warning) ' "$tmp/mt.out" | grep -v SARIF2005 | sed 's/^/  /' || true
    status=1
  fi
done
exit $status
