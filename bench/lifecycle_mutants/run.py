#!/usr/bin/env python3
"""Real-kernel mutation set for dmacheck's lifecycle rules (issue 15).

Each mutant in mutants.json is one function of a real linux 6.12 driver with one bug put in
by an exact, unique string replacement inside that function:
  dma-sync-direction:   the constant direction of an unmap or a sync swapped
  dma-unmap-mismatch:   an unmap's or a free's size changed, or dma_unmap_single <-> _page
  dma-double-unmap:     an unmap or a free duplicated on a path
  dma-use-after-unmap:  a sync, or a descriptor/register write of the handle, copied after
                        its unmap
  dma-unmapped-address: a handle written to a descriptor replaced by virt_to_phys() of the
                        buffer (run only once `--list-rules` shows the rule implemented)
'span' says whether the mapping and the mutated release are in the same function ('same')
or in two (ring refill vs clean, submit vs completion: 'cross').

The mutated file is written into a scratch copy of the original's directory (never into the
kernel tree) and analysed with kbuild's flags for the original (kbuild's dry run through
`DMACHECK --kernel-tree KTREE --dump-commands`, cached in commands.json) plus
`-iquote <original dir>`, from the kernel root, with only the mutant's rule and -j 1.
A hit is the rule reported within 3 lines of the mutated text; an original is silent when
the rule reports nothing inside the mutant's function in the unmodified file.

usage: run.py DMACHECK [-v] [--rule R] [--id N] [--kernel DIR] [--refresh-commands] [--check-skipped]
       (kernel tree: --kernel, else $KTREE, else ../../../kernel/linux-source-6.12 from here)
Mutants of a rule that `DMACHECK --list-rules` does not show implemented are skipped (SKIP
line); --check-skipped still analyses them with another rule to prove they compile.
Prints, with -v, one line per mutant (HIT / MISS / FAIL, and NOISY-ORIGINAL), then one
summary line per rule and span, and last:
  mutants=N recall=.. original_silent=.. failures=..
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DIAG = re.compile(r'^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+):\s*(?:warning|error):.*\[(?P<rule>[\w.-]+)(?:,[^\]]*)?\]\s*$')
NEAR = 3


def functions(src):
    """(name, first line, last line) of each function body in kernel style ('{' and '}' at column 0)."""
    lines = src.split('\n')
    out, i = [], 0
    while i < len(lines):
        if lines[i] == '{':
            j = i - 1
            while j >= 0 and not re.match(r'^[A-Za-z_].*\(', lines[j]):
                j -= 1
            name = None
            for k in range(max(j, 0), i):
                m = re.search(r'([A-Za-z_]\w*)\s*\(', lines[k])
                if m:
                    name = m.group(1)
                    break
            k = i + 1
            while k < len(lines) and lines[k] != '}':
                k += 1
            if name:
                out.append((name, j + 1, k + 1))
            i = k
        i += 1
    return out


def line_of(text, off):
    return text.count('\n', 0, off) + 1


def apply(m, src):
    """Mutated text, the function's line range in the original, the mutated line range."""
    funcs = [f for f in functions(src) if f[0] == m['func']]
    if len(funcs) != 1:
        raise ValueError(f"{m['file']}: {len(funcs)} definitions of {m['func']}")
    _, fs, fe = funcs[0]
    lines = src.split('\n')
    start = sum(len(l) + 1 for l in lines[:fs - 1])
    end = sum(len(l) + 1 for l in lines[:fe])
    body = src[start:end]
    n = body.count(m['old'])
    if n != 1:
        raise ValueError(f"{m['file']}:{m['func']}: 'old' occurs {n} times in the function")
    off = start + body.index(m['old'])
    old, new = m['old'], m['new']
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    mutated = src[:off] + new + src[off + len(old):]
    lo = line_of(mutated, off + p)
    hi = line_of(mutated, off + max(p, len(new) - s - 1))
    return mutated, (fs, fe), (lo, hi), line_of(src, off)


def implemented_rules(tool):
    p = subprocess.run([tool, '--list-rules'], capture_output=True, text=True)
    rules = set()
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 4 and re.match(r'DMC\d+$', f[0]) and f[3] == 'implemented':
            rules.add(f[1])
    return rules


def strip_command(args, src):
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == '-o':
            skip = True
            continue
        if a == '-c' or a.startswith('-Wp,-MMD') or a.startswith('-Wp,-MD') or a == src:
            continue
        out.append(a)
    return out


def commands(tool, kernel, files, refresh):
    path = os.path.join(HERE, 'commands.json')
    cache = {} if refresh or not os.path.exists(path) else json.load(open(path))
    missing = sorted(set(f for f in files if f not in cache))
    if missing:
        print(f'kbuild dry run for {len(missing)} files ...', file=sys.stderr)
        p = subprocess.run([tool, '--kernel-tree', kernel, '--dump-commands'] + missing,
                           capture_output=True, text=True)
        for e in json.loads(p.stdout or '[]'):
            f = os.path.relpath(os.path.join(e['directory'], e['file']), kernel)
            cache[f] = strip_command(e['arguments'], e['file'])
        with open(path, 'w') as out:
            json.dump(cache, out, indent=0, sort_keys=True)
            out.write('\n')
    lost = [f for f in files if f not in cache]
    if lost:
        sys.exit(f'no kbuild command for: {" ".join(lost)}')
    # a file kbuild does not build in this configuration gets a stub command from
    # --dump-commands (no -nostdinc, no include paths): it cannot be analysed as built
    stub = [f for f in files if '-nostdinc' not in cache[f]]
    if stub:
        sys.exit(f'not built by kbuild in this configuration: {" ".join(stub)}')
    return cache


def run(tool, kernel, path, flags, rule):
    try:
        p = subprocess.run([tool, '-j', '1', '-q', f'--rules=-*,{rule}', path, '--'] + flags,
                           capture_output=True, text=True, timeout=900, cwd=kernel)
    except subprocess.TimeoutExpired:
        return None
    if p.returncode not in (0, 1) or re.search(r'^\S+:\d+:\d+: (fatal )?error:', p.stdout + p.stderr, re.M):
        return None  # a file the tool could not parse is a failure, never a clean result
    reps = []
    for line in (p.stdout + p.stderr).splitlines():
        m = DIAG.match(line.strip())
        if m and os.path.basename(m.group('file')) == os.path.basename(path):
            reps.append((int(m.group('line')), m.group('rule')))
    return reps


def main():
    ap = argparse.ArgumentParser(description='lifecycle-rule mutation set (issue 15)')
    ap.add_argument('tool')
    ap.add_argument('--kernel', default=os.environ.get('KTREE', os.path.join(HERE, '..', '..', '..', 'kernel', 'linux-source-6.12')))
    ap.add_argument('--rule')
    ap.add_argument('--id', type=int, action='append', help='run only this mutant (repeatable)')
    ap.add_argument('--refresh-commands', action='store_true', help='redo the kbuild dry run')
    ap.add_argument('--check-skipped', action='store_true',
                    help='also analyse the mutants of rules not implemented yet (with dma-unchecked-mapping) to prove they still compile')
    ap.add_argument('-v', action='store_true')
    a = ap.parse_args()
    tool = os.path.abspath(a.tool)
    kernel = os.path.abspath(a.kernel)
    muts = json.load(open(os.path.join(HERE, 'mutants.json')))
    if a.rule:
        muts = [m for m in muts if m['rule'] == a.rule]
    if a.id:
        muts = [m for m in muts if m['id'] in a.id]
    impl = implemented_rules(tool)
    skipped = [m for m in muts if m['rule'] not in impl]
    for r in sorted(set(m['rule'] for m in skipped)):
        k = sum(m['rule'] == r for m in skipped)
        print(f'SKIP {r}: not implemented in this dmacheck (--list-rules); {k} mutants not run')
    muts = [m for m in muts if m['rule'] in impl]
    # every mutant, run or skipped, must still apply to the tree
    srcs = {}
    for m in muts + skipped:
        if m['file'] not in srcs:
            srcs[m['file']] = open(os.path.join(kernel, m['file']), encoding='utf-8', errors='surrogateescape').read()
        apply(m, srcs[m['file']])
    check = skipped if a.check_skipped else []
    cmds = commands(tool, kernel, sorted(set(m['file'] for m in muts + check)), a.refresh_commands)
    scratch = tempfile.mkdtemp(prefix='dmacheck-lcmut.')
    hits = fails = silent = 0
    by = {}
    originals = {}

    def run_mutant(m, rule):
        f = m['file']
        mutated = apply(m, srcs[f])[0]
        d = os.path.dirname(f)
        sd = os.path.join(scratch, d)
        if not os.path.isdir(sd):
            os.makedirs(sd)
            for e in os.scandir(os.path.join(kernel, d)):
                if e.is_file() and e.name.endswith(('.c', '.h')):
                    shutil.copy(e.path, sd)
        tmp = os.path.join(sd, os.path.basename(f)[:-2] + f"__lcmut{m['id']}.c")
        with open(tmp, 'w', encoding='utf-8', errors='surrogateescape') as out:
            out.write(mutated)
        try:
            return run(tool, kernel, tmp, cmds[f] + ['-iquote', os.path.join(kernel, d)], rule)
        finally:
            os.unlink(tmp)

    try:
        for m in check:
            ok = run_mutant(m, 'dma-unchecked-mapping') is not None
            print(f"{'PARSES' if ok else 'FAIL  '}  {m['id']:3d} {m['rule']} [{m['span']}] {m['file']} {m['func']} (not run: rule not implemented)")
        for m in muts:
            f = m['file']
            _, (fs, fe), (lo, hi), oline = apply(m, srcs[f])
            reps = run_mutant(m, m['rule'])
            key = (m['rule'], m['span'])
            st = by.setdefault(key, [0, 0, 0, 0])  # n, hits, silent, fails
            st[0] += 1
            tag = f"{m['id']:3d} {m['rule']} [{m['span']}] {f}:{oline} {m['func']}"
            if reps is None:
                fails += 1
                st[3] += 1
                hit = False
                if a.v:
                    print(f'FAIL  {tag}')
            else:
                hit = any(lo - NEAR <= l <= hi + NEAR and r == m['rule'] for l, r in reps)
            hits += hit
            st[1] += hit
            if a.v and reps is not None:
                other = sorted(set(l for l, r in reps if r == m['rule']))
                extra = '' if hit else f'  (mutated lines {lo}-{hi}; rule reported at {other or "no line"})'
                print(f"{'HIT ' if hit else 'MISS'}  {tag}{extra}")
            ok = (f, m['rule'])
            if ok not in originals:
                originals[ok] = run(tool, kernel, f, cmds[f], m['rule'])
            o = originals[ok]
            quiet = o is not None and not any(fs <= l <= fe and r == m['rule'] for l, r in o)
            silent += quiet
            st[2] += quiet
            if a.v and not quiet:
                lines = sorted(set(l for l, r in o if fs <= l <= fe)) if o is not None else 'failed'
                print(f'NOISY-ORIGINAL  {tag}  (original reports at {lines})')
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for (r, s), (n, h, q, fl) in sorted(by.items()):
        print(f'  {r:22s} {s:5s} mutants={n} hits={h} original_silent={q} failures={fl}')
    n = len(muts)
    print(f'mutants={n} recall={hits / max(1, n):.2f} original_silent={silent / max(1, n):.2f} failures={fails}')


if __name__ == '__main__':
    main()
