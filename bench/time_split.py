#!/usr/bin/env python3
"""Where a file's parse and analysis time goes, for issue 22's CPU target.

For each file of a compile_commands.json (kbuild's exact flags, e.g. the
40-file sample's, written by `dmacheck --kernel-tree ... --dump-commands`),
one process at a time, the CPU time (user+sys, from wait4) of:
  pre     clang-19 -fsyntax-only -Xclang -Eonly   preprocessing alone
  syntax  clang-19 -fsyntax-only             + every function body
  dmacheck FILE -- FLAGS                     what the tool costs
Prints per-file rows and the totals as fractions of syntax-only. (Clang 19's
cc1 has no option to skip function bodies from the command line, so Sema of
declarations and of bodies are not told apart here.)
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from kernel_bench import clean  # the flags syntax-only is given there too


def cpu(argv, cwd, capture=False):
    """CPU seconds (user+sys) of argv, its exit code and (capture) its
    stdout and stderr."""
    p = subprocess.Popen(argv, cwd=cwd, text=True, errors='replace',
                         stdout=subprocess.PIPE if capture else
                         subprocess.DEVNULL,
                         stderr=subprocess.STDOUT if capture else
                         subprocess.DEVNULL)
    out = p.stdout.read() if capture else ''
    _, status, ru = os.wait4(p.pid, 0)
    return ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('compdb')
    ap.add_argument('--dmacheck', required=True)
    ap.add_argument('--clang', default='clang-19')
    ap.add_argument('--repeat', type=int, default=1,
                    help='runs per mode and file; the minimum is kept')
    ap.add_argument('--json', help='write the per-file figures here')
    a = ap.parse_args()
    entries = json.load(open(a.compdb))
    modes = {
        'pre': lambda f: [a.clang] + f + ['-fsyntax-only', '-Xclang', '-Eonly',
                                          '-w'],
        'syntax': lambda f: [a.clang] + f + ['-fsyntax-only', '-w'],
        'dmacheck': None,
    }
    rows, total = [], {m: 0.0 for m in modes}
    for e in entries:
        flags = clean(e['arguments'])
        row = {'file': e['file']}
        for m, mk in modes.items():
            if mk:
                argv = mk(flags)
            else:
                rest = [x for x in flags if x != e['file']]
                argv = [a.dmacheck, '--no-prefilter', e['file'], '--'] + rest
            best = None
            for _ in range(a.repeat):
                t, rc, _ = cpu(argv, e['directory'])
                if m != 'dmacheck' and rc != 0:
                    sys.exit('%s failed (%d) on %s' % (m, rc, e['file']))
                best = t if best is None else min(best, t)
            row[m] = best
            total[m] += best
        rows.append(row)
        print('%-60s %6.2f %6.2f %6.2f' % (
            e['file'], row['pre'], row['syntax'], row['dmacheck']),
            flush=True)
    s = total['syntax']
    print('\ntotal CPU s: pre %.1f  syntax %.1f  dmacheck %.1f' %
          (total['pre'], s, total['dmacheck']))
    print('share of syntax-only: preprocessing %.2f, Sema (declarations and '
          'bodies) %.2f; dmacheck %.2fx' % (
              total['pre'] / s, (s - total['pre']) / s, total['dmacheck'] / s))
    if a.json:
        json.dump({'rows': rows, 'total': total}, open(a.json, 'w'), indent=1)


if __name__ == '__main__':
    main()
