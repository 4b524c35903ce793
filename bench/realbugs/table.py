#!/usr/bin/env python3
"""table.py SCAN.DB CHECK.LOG: the README's table of real-bug patches.

One row per patch: the findings it names (file:line in the scan, rule,
function), what goes wrong (the first sentence of the patch's body), the
patch and its check.sh verdict (PASS/FAIL and why).
"""
import glob
import os
import re
import sqlite3
import sys

here = os.path.dirname(os.path.abspath(__file__))
db, log = sys.argv[1], sys.argv[2]
con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
run = con.execute('SELECT max(run_id) FROM findings').fetchone()[0]
status = {}
for line in open(log):
    m = re.match(r'(PASS|FAIL) (\S+): ?(.*)', line.strip())
    if m:
        status[m.group(2)] = m.group(1) + ('' if m.group(1) == 'PASS'
                                           else ': ' + m.group(3))
print('| # | file:line | rule | what goes wrong | patch | check.sh |')
print('| --- | --- | --- | --- | --- | --- |')
for p in sorted(glob.glob(os.path.join(here, '[0-9][0-9][0-9][0-9]-*.patch'))):
    name = os.path.basename(p)
    text = open(p).read()
    head, _, rest = text.partition('\n---\n')
    body = head.split('\n\n', 1)[1] if '\n\n' in head else ''
    first = re.split(r'(?<=[.:])\s', ' '.join(body.split()), 1)[0]
    sites, rules = [], []
    for rule, path, fn in re.findall(r'^dmacheck-finding: (\S+) (\S+) (\S+)',
                                     rest, re.M):
        lines = [str(r[0]) for r in con.execute(
            'SELECT line FROM findings WHERE run_id=? AND rule=? AND path=? '
            'AND function=? ORDER BY line', (run, rule, path, fn))]
        sites.append('%s:%s (%s)' % (path, ','.join(lines) or '?', fn))
        if rule not in rules:
            rules.append(rule)
    print('| %s | %s | %s | %s | [%s](%s) | %s |' % (
        name[:4], '<br>'.join(sites), ', '.join(rules),
        first.replace('|', '\\|'), name, name,
        status.get(name, 'not run')))
