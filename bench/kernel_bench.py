"""One case of bench/kernel.sh: the same files, the same flags, three tools.

Files and flags come from kbuild's dry run through `dmacheck --kernel-tree
... --dump-commands` (the exact commands kbuild would run). Measured:
  - dmacheck --kernel-tree KTREE <targets> -j N --db, as a user runs it
    (wall time including its own dry run, peak RSS of the largest process,
    per-file outcomes and findings from the database), then the same scan
    again (cache: nothing changed) and after appending a comment to one
    analysed file (one re-analysis);
  - clang-19 -fsyntax-only with the same flags minus what writes files or
    turns warnings into errors (as dmacheck drops them), N at a time;
  - spatch --sp-file unchecked_dma_map_single.cocci, N at a time.
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {
    'sample': None,  # bench/sample40.txt
    'ethernet': ['drivers/net/ethernet/'],
    'all': ['drivers/', 'sound/'],
}


def log(*a):
    print('[kernel_bench]', *a, file=sys.stderr, flush=True)


def clean(args):
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ('-o', '-MF', '-MT', '-MQ'):
            skip = True
            continue
        if a in ('-c', '-Werror') or a.startswith(('-Wp,-M', '-Werror=')):
            continue
        out.append(a)
    return out


def run_pool(cmds, jobs, timeout):
    """cmds: list of (key, argv, cwd). Returns {key: (seconds, rc, stdout)}."""
    def one(c):
        key, argv, cwd = c
        t = time.monotonic()
        try:
            p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True,
                               timeout=timeout, errors='replace')
            rc, out = p.returncode, p.stdout + p.stderr
        except subprocess.TimeoutExpired:
            rc, out = 'timeout', ''
        return key, (time.monotonic() - t, rc, out)
    res = {}
    with cf.ThreadPoolExecutor(jobs) as ex:
        for key, r in ex.map(one, cmds):
            res[key] = r
    return res


def dmacheck_run(args, targets, db):
    """Runs the scan; the parent's own peak RSS is read from its VmHWM while
    it runs (wait4's maxrss is the largest process of the tree, a worker
    or the parent)."""
    cmd = [args.dmacheck, '--kernel-tree', args.ktree, '-j', str(args.jobs),
           '-q', '--db', db] + shlex.split(args.dmacheck_args) + targets
    t = time.monotonic()
    p = subprocess.Popen(cmd, cwd=args.ktree, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    parent_kib = 0
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        try:
            for line in open('/proc/%d/status' % p.pid):
                if line.startswith('VmHWM:'):
                    parent_kib = max(parent_kib, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    wall = time.monotonic() - t
    return {'wall': wall, 'exit': os.waitstatus_to_exitcode(status),
            'max_rss_mib': ru.ru_maxrss / 1024,
            'parent_peak_rss_mib': parent_kib / 1024,
            'user_seconds': ru.ru_utime, 'sys_seconds': ru.ru_stime}


def db_summary(db, run):
    con = sqlite3.connect(db)
    q = lambda s, *a: con.execute(s, a).fetchall()
    out = {
        'status': dict(q('SELECT status, count(*) FROM run_files WHERE run_id=? GROUP BY 1', run)),
        'cached': q('SELECT count(*) FROM run_files WHERE run_id=? AND cached=1', run)[0][0],
        'analysis_seconds': q('SELECT total(seconds) FROM run_files WHERE run_id=? AND status<>\'skipped\' AND cached=0', run)[0][0],
        'findings_per_rule': dict(q('SELECT rule, count(*) FROM findings WHERE run_id=? GROUP BY 1', run)),
        'failures': [list(r) for r in q('SELECT path, status, error FROM run_files WHERE run_id=? AND status NOT IN (\'analysed\',\'skipped\')', run)],
        'per_file': {r[0]: r[1] for r in q('SELECT path, seconds FROM run_files WHERE run_id=? AND status=\'analysed\' AND cached=0', run)},
        'slowest': [list(r) for r in q('SELECT path, round(seconds,2) FROM run_files WHERE run_id=? ORDER BY seconds DESC LIMIT 5', run)],
    }
    con.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', required=True, choices=CASES)
    ap.add_argument('--ktree', required=True)
    ap.add_argument('--dmacheck', required=True)
    ap.add_argument('--jobs', type=int, default=os.cpu_count())
    ap.add_argument('--dmacheck-args', default='',
                    help='more options for the scans, e.g. --no-pch (A/B)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--skip', default='', help='comma list: syntax,spatch,cache')
    ap.add_argument('--baseline-files', choices=('all', 'analysed'),
                    default=None, help='files for syntax-only and spatch '
                    '(default: all for sample, analysed otherwise: the files '
                    'dmacheck parsed, to fit a 2-core machine)')
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(',')))
    res = {'case': args.case, 'jobs': args.jobs,
           'dmacheck_args': args.dmacheck_args,
           'date': time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
           'machine': '%s, %d cores, %s' % (os.uname().machine, os.cpu_count(),
                                           open('/proc/cpuinfo').read().split('model name')[1].split('\n')[0].strip(': \t'))}
    if args.case == 'sample':
        targets = [l.strip() for l in open(os.path.join(HERE, 'sample40.txt'))
                   if l.strip() and not l.startswith('#')]
    else:
        targets = CASES[args.case]
    work = tempfile.mkdtemp(prefix='dmacheck-bench-')
    cdb = os.path.join(work, 'compile_commands.json')
    t = time.monotonic()
    p = subprocess.run([args.dmacheck, '--kernel-tree', args.ktree,
                        '--dump-commands'] + targets, capture_output=True,
                       text=True)
    if p.returncode:
        sys.exit(p.stderr)
    res['kbuild_dry_run_seconds'] = time.monotonic() - t
    open(cdb, 'w').write(p.stdout)
    entries = json.loads(p.stdout)
    res['files'] = len(entries)
    log(args.case, len(entries), 'files; dry run %.1f s' % res['kbuild_dry_run_seconds'])

    # dmacheck, then the cache re-scans.
    db = os.path.join(work, 'scan.db')
    res['db'] = db
    log('dmacheck')
    res['dmacheck'] = dmacheck_run(args, targets, db)
    res['dmacheck'].update(db_summary(db, 1))
    analysed = res['dmacheck'].pop('per_file')
    if 'cache' not in skip:
        log('dmacheck re-scan (unchanged)')
        res['rescan_unchanged'] = dmacheck_run(args, targets, db)
        s = db_summary(db, 2)
        res['rescan_unchanged'].update(cached=s['cached'], status=s['status'])
        if analysed:
            victim = sorted(analysed)[0]
            path = os.path.join(args.ktree, victim) if not os.path.isabs(victim) else victim
            orig = open(path, 'rb').read()
            try:
                open(path, 'ab').write(b'\n/* dmacheck bench: touched */\n')
                log('dmacheck re-scan (one file touched)')
                r = dmacheck_run(args, targets, db)
                s = db_summary(db, 3)
                r.update(file=victim, cached=s['cached'],
                         reanalysed=list(s['per_file'].items()),
                         first_analysis_seconds=analysed[victim])
                res['rescan_one_touched'] = r
            finally:
                open(path, 'wb').write(orig)

    def key(f):
        return os.path.relpath(f, args.ktree) if os.path.isabs(f) else f
    base = args.baseline_files or ('all' if args.case == 'sample' else 'analysed')
    wanted = {key(f) for f in analysed}
    by_file = {e['file']: e for e in entries
               if base == 'all' or key(e['file']) in wanted}
    res['baseline_files'] = '%s (%d files)' % (base, len(by_file))
    if 'syntax' not in skip:
        log('clang-19 -fsyntax-only')
        cmds = [(f, ['clang-19'] + clean(e['arguments']) + ['-fsyntax-only', '-w'],
                 e['directory']) for f, e in by_file.items()]
        t = time.monotonic()
        r = run_pool(cmds, args.jobs, 600)
        res['syntax_only'] = {
            'wall': time.monotonic() - t,
            'cpu_sum': sum(v[0] for v in r.values()),
            'failed': [[k, str(v[1]), v[2].splitlines()[0] if v[2] else ''] for k, v in r.items() if v[1] != 0],
        }
        res['syntax_only']['per_file'] = {k: v[0] for k, v in r.items()}
        # The files dmacheck analysed (not skipped): ratio on the same files.
        same = [key(f) for f in analysed]
        res['syntax_only']['sum_on_analysed'] = sum(r[f][0] for f in same if f in r)
        res['dmacheck']['sum_on_analysed'] = sum(analysed.values())
    if 'spatch' not in skip:
        log('spatch')
        cocci = os.path.join(HERE, 'unchecked_dma_map_single.cocci')
        cmds = [(f, ['spatch', '--sp-file', cocci, '--very-quiet', f],
                 e['directory']) for f, e in by_file.items()]
        t = time.monotonic()
        r = run_pool(cmds, args.jobs, 600)
        reports = [l for v in r.values() for l in v[2].splitlines()
                   if 'result not checked' in l]
        res['spatch'] = {
            'wall': time.monotonic() - t,
            'cpu_sum': sum(v[0] for v in r.values()),
            'reports': len(reports),
            'failed': [[k, str(v[1])] for k, v in r.items() if v[1] != 0],
        }
    json.dump(res, open(args.out, 'w'), indent=1)
    brief = {k: v for k, v in res.items()}
    for k in ('dmacheck', 'syntax_only', 'spatch'):
        if k in brief and isinstance(brief[k], dict):
            brief[k] = {a: b for a, b in brief[k].items() if a not in ('failed', 'failures') or len(b) < 10}
    print(json.dumps(brief, indent=1))


if __name__ == '__main__':
    main()
