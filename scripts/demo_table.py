"""demo_table.py DB CORPUS: the `make demo` table, from the database of a
corpus scan that `dmacheck confirm --all-faults` has run on.

Per rule: seeded (the bad.c manifests' lines), found (those the scan
reported), confirmed / not reproduced (the bad.c findings' verdicts at run
time, by `dmacheck confirm`; a line may hold two findings of one rule),
false positives on the good twins, and runtime reports no finding explains.
Exits 1 when a seeded bug is missed, a finding is not in its manifest, a
good twin has a finding or a runtime report, or a report is unexplained."""
import collections
import glob
import os
import sqlite3
import sys

db, corpus = sys.argv[1], sys.argv[2]
con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
run = con.execute("SELECT max(id) FROM runs WHERE status='complete'").fetchone()[0]
rules = [r[0] for r in con.execute(
    "SELECT name FROM rules WHERE analyzer='implemented' ORDER BY id")]
runtime = dict(con.execute("SELECT name, runtime FROM rules"))

seeded = collections.Counter()
expected = set()
for path in sorted(glob.glob(os.path.join(corpus, '*', 'expect.txt'))):
    driver = os.path.basename(os.path.dirname(path))
    for line in open(path):
        line = line.strip()
        if line and not line.startswith('#'):
            rule, num = line.split()
            seeded[rule] += 1
            expected.add((driver, rule, int(num)))

found = collections.Counter()
matched = set()
extra = []
good_fp = collections.Counter()
verdict = {}
for fp, path, rule, line in con.execute(
        "SELECT fingerprint, path, rule, line FROM findings WHERE run_id=?", (run,)):
    driver, variant = path.split('/')[-2], os.path.basename(path)
    if variant == 'good.c':
        good_fp[rule] += 1
    elif (driver, rule, line) in expected:
        if (driver, rule, line) not in matched:
            found[rule] += 1
        matched.add((driver, rule, line))
    else:
        extra.append('%s:%d [%s]' % (path, line, rule))
    last = con.execute("SELECT outcome FROM confirmations WHERE fingerprint=? "
                       "ORDER BY id DESC LIMIT 1", (fp,)).fetchone()
    if variant == 'bad.c' and last:
        verdict.setdefault(rule, collections.Counter())[last[0]] += 1

unexplained = collections.Counter(r[0] for r in con.execute(
    "SELECT rule FROM runtime_reports WHERE fingerprint IS NULL AND confirm_run_id="
    "(SELECT max(id) FROM confirm_runs)"))
good_reports = con.execute(
    "SELECT count(*) FROM runtime_reports WHERE variant LIKE '%/good.c' AND "
    "confirm_run_id=(SELECT max(id) FROM confirm_runs)").fetchone()[0]

head = ('RULE', 'SEEDED', 'FOUND', 'CONFIRMED', 'NOT-REPRO', 'GOOD-FP', 'UNEXPLAINED')
print('%-34s %6s %5s %9s %9s %7s %11s' % head)
tot = collections.Counter()
for rule in rules + sorted(set(unexplained) - set(rules)):
    v = verdict.get(rule, collections.Counter())
    conf = str(v['confirmed']) if runtime.get(rule) or v['confirmed'] else '-'
    row = (rule, seeded[rule], found[rule], conf, v['not-reproduced'],
           good_fp[rule], unexplained[rule])
    for k, x in zip(head[1:], row[1:]):
        tot[k] += x if isinstance(x, int) else int(x) if x != '-' else 0
    print('%-34s %6d %5d %9s %9d %7d %11d' % row)
print('%-34s %6d %5d %9d %9d %7d %11d' % (('total',) + tuple(tot[k] for k in head[1:])))
print('(CONFIRMED "-": the runtime does not check the rule; good twins: %d '
      'runtime reports)' % good_reports)
bad = False
for e in extra:
    print('not in its manifest: ' + e)
    bad = True
if tot['SEEDED'] != tot['FOUND'] or tot['GOOD-FP'] or tot['UNEXPLAINED'] or good_reports:
    bad = True
sys.exit(1 if bad else 0)
