#!/usr/bin/env python3
"""Would a shared precompiled header reach issue 22's CPU target?

time_split.py showed that preprocessing alone is about a third of
`clang-19 -fsyntax-only` on a kernel file, and that most of the rest is Sema
of the ~1,000 headers every file reads: skipping function bodies cannot get
the tool to 0.6x of syntax-only. This probe measures the one lever left, the
headers: one PCH per compile-command group, built from kbuild's three
`-include`d headers and the <...> headers that at least --min-share of the
group's files include, then used by every file of the group.

For each file of a compile_commands.json (kbuild's exact flags, e.g. the
40-file sample's), one process at a time, CPU time (user+sys, from wait4):
  syntax       clang-19 -fsyntax-only                the yardstick
  syntax+pch   the same with -include-pch
  dmacheck     dmacheck --no-prefilter FILE -- FLAGS
  dmacheck+pch the same with -include-pch
and whether both dmacheck runs print the same findings. The PCH build's own
CPU is counted once per group. Kernel files define per-file macros
(KBUILD_BASENAME, KBUILD_MODNAME, ...) that a shared PCH cannot carry: they
are left out of its build and `-Xclang -fno-validate-pch` lets each file add
its own; headers read them only inside macro bodies, expanded in the file.
"""
import argparse
import collections
import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from kernel_bench import clean  # noqa: E402  the flags syntax-only gets
from time_split import cpu  # noqa: E402

INCLUDE = re.compile(r'^\s*#\s*include\s*<([^>]+)>', re.M)


def split_flags(flags, path):
    """(shared flags, per-file macro flags, the -include'd headers)."""
    shared, own, forced = [], [], []
    it = iter(flags)
    for a in it:
        if a == path or a.endswith('.c'):
            continue
        if a == '-include':
            forced.append(next(it))
        elif a.startswith('-D') and 'KBUILD_' in a:
            own.append(a)
        else:
            shared.append(a)
    return shared, own, forced


def findings(out):
    """The finding lines of dmacheck's output (stdout and stderr)."""
    return sorted(l for l in out.splitlines()
                  if re.search(r':\d+:\d+: (warning|error):', l))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('compdb')
    ap.add_argument('--dmacheck', required=True)
    ap.add_argument('--clang', default='clang-19')
    ap.add_argument('--min-share', type=float, default=0.25,
                    help='a header joins the PCH when this share of the '
                    'group includes it')
    ap.add_argument('--json', help='write the per-file figures here')
    a = ap.parse_args()
    entries = json.load(open(a.compdb))
    work = tempfile.mkdtemp(prefix='dmacheck-pch-')

    groups = collections.defaultdict(list)
    for e in entries:
        flags = clean(e['arguments'])
        shared, own, forced = split_flags(flags, e['file'])
        e['own'], e['forced'] = own, forced
        groups[(e['directory'], tuple(shared), tuple(forced))].append(e)

    rows, total = [], collections.Counter()
    for gi, ((cwd, shared, forced), members) in enumerate(groups.items()):
        count = collections.Counter()
        order = []
        for e in members:
            src = open(os.path.join(cwd, e['file']), errors='replace').read()
            for h in dict.fromkeys(INCLUDE.findall(src)):
                count[h] += 1
                if h not in order:
                    order.append(h)
        need = max(1, a.min_share * len(members))
        headers = [h for h in order if count[h] >= need]
        hdr = os.path.join(work, 'g%d.h' % gi)
        pch = hdr + '.pch'
        # A header that does not build alone (it needs another first) is
        # dropped, so the PCH always builds.
        while True:
            with open(hdr, 'w') as f:
                for h in forced:
                    f.write('#include "%s"\n' % os.path.join(cwd, h))
                for h in headers:
                    f.write('#include <%s>\n' % h)
            argv = [a.clang] + list(shared) + ['-w', '-x', 'c-header', hdr,
                                               '-o', pch]
            t, rc, _ = cpu(argv, cwd)
            if rc == 0 or not headers:
                break
            headers.pop()
        if rc != 0:
            sys.exit('PCH build failed for group %d' % gi)
        total['pch_build'] += t
        print('group %d: %d files, %d headers in the PCH, built in %.2f s' %
              (gi, len(members), len(headers), t), flush=True)
        for e in members:
            base = list(shared) + e['own']
            plain = base + sum((['-include', h] for h in forced), [])
            withpch = base + ['-include-pch', pch, '-Xclang',
                              '-fno-validate-pch']
            row = {'file': e['file'], 'group': gi}
            for mode, flags in (('syntax', plain), ('syntax+pch', withpch)):
                t, rc, _ = cpu([a.clang] + flags + ['-fsyntax-only', '-w',
                                                     e['file']], cwd)
                row[mode], row[mode + ' rc'] = t, rc
            for mode, flags in (('dmacheck', plain),
                                ('dmacheck+pch', withpch)):
                t, rc, out = cpu([a.dmacheck, '--no-prefilter', e['file'],
                                  '--'] + flags, cwd, capture=True)
                row[mode], row[mode + ' rc'] = t, rc
                row[mode + ' findings'] = findings(out)
            row['same findings'] = (row['dmacheck findings'] ==
                                    row['dmacheck+pch findings'])
            for m in ('syntax', 'syntax+pch', 'dmacheck', 'dmacheck+pch'):
                total[m] += row[m]
            total['files'] += 1
            total['same'] += row['same findings']
            total['pch failed'] += row['syntax+pch rc'] != 0
            rows.append(row)
            print('%-58s %6.2f %6.2f %6.2f %6.2f %s' % (
                e['file'], row['syntax'], row['syntax+pch'], row['dmacheck'],
                row['dmacheck+pch'], 'same' if row['same findings'] else
                'DIFFERENT'), flush=True)
    s = total['syntax']
    print('\n%d files in %d groups; CPU s: syntax %.1f, syntax+pch %.1f, '
          'dmacheck %.1f, dmacheck+pch %.1f, PCH builds %.1f' % (
              total['files'], len(groups), s, total['syntax+pch'],
              total['dmacheck'], total['dmacheck+pch'], total['pch_build']))
    print('of syntax-only: syntax+pch %.2fx, dmacheck %.2fx, dmacheck+pch '
          '%.2fx (%.2fx with the PCH builds); same findings %d/%d; '
          'syntax+pch failed %d' % (
              total['syntax+pch'] / s, total['dmacheck'] / s,
              total['dmacheck+pch'] / s,
              (total['dmacheck+pch'] + total['pch_build']) / s,
              total['same'], total['files'], total['pch failed']))
    if a.json:
        json.dump({'rows': rows, 'total': total}, open(a.json, 'w'),
                  indent=1)


if __name__ == '__main__':
    main()
