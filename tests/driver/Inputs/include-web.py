#!/usr/bin/env python3
"""Compare the include web of the bundled headers (runtime/include) with a
prepared linux tree's (x86_64): for each bundled header that the kernel
also has, list the bundled headers the kernel's version reaches through its
own includes but ours does not.  Not run by lit (it needs a kernel tree):

    tests/driver/Inputs/include-web.py /path/to/linux-6.12

Exit status 1 when something is missing.  Not checked: the base headers
(types, compiler, stddef, bits, minmax, overflow, container_of and asm/),
leaves of our web that only define types and macros, and linux/jiffies.h ->
linux/sched.h (here sched.h includes jiffies.h)."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
OURS = os.path.join(ROOT, 'runtime', 'include')
KFLAGS = ('-nostdinc -I arch/x86/include -I arch/x86/include/generated '
          '-I include -I arch/x86/include/uapi '
          '-I arch/x86/include/generated/uapi -I include/uapi '
          '-I include/generated/uapi '
          '-include include/linux/compiler-version.h '
          '-include include/linux/kconfig.h '
          '-include include/linux/compiler_types.h '
          '-D__KERNEL__ -DMODULE -std=gnu11 -m64').split()
OFLAGS = ['-I', OURS, '-D__KERNEL__', '-D__DMACHECK__', '-std=gnu11']
PREFIXES = ('arch/x86/include/generated/', 'arch/x86/include/', 'include/',
            OURS + '/')
# Our asm/io.h is a shim for linux/io.h; the kernel's is the other way round.
SAME = {'asm/io.h': 'linux/io.h'}
KNOWN = {('linux/jiffies.h', 'linux/sched.h')}
BASE = {'linux/types.h', 'linux/compiler.h', 'linux/stddef.h', 'linux/bits.h',
        'linux/minmax.h', 'linux/overflow.h', 'linux/container_of.h'}


def closure(header, cwd, flags):
    """Headers #include <header> opens, relative to their include dir."""
    p = subprocess.run(['clang-19', '-E', '-H', '-x', 'c', '-', '-o',
                        os.devnull] + flags, cwd=cwd, text=True,
                       input='#include <%s>\n' % header, capture_output=True)
    if p.returncode:
        return None
    seen = set()
    for line in p.stderr.splitlines():
        m = re.match(r'^\.+ (.*)$', line)
        if not m:
            continue
        name = m.group(1)
        for pre in PREFIXES:
            if name.startswith(pre):
                name = name[len(pre):]
                break
        seen.add(SAME.get(name, name))
    return seen - {SAME.get(header, header)}


def main():
    kernel = sys.argv[1]
    ours = set()
    for d, _, files in os.walk(OURS):
        for f in files:
            if f.endswith('.h'):
                ours.add(os.path.relpath(os.path.join(d, f), OURS))
    missing_any = False
    for h in sorted(ours - BASE):
        if h.startswith('asm/'):
            continue
        kc = closure(h, kernel, KFLAGS)
        if kc is None:
            continue
        oc = closure(h, OURS, OFLAGS)
        missing = sorted(x for x in (kc & ours) - oc if (h, x) not in KNOWN)
        if missing:
            missing_any = True
            print('%s: lacks %s' % (h, ' '.join(missing)))
    return 1 if missing_any else 0


sys.exit(main())
