"""Scan options in the docs vs. `dmacheck --help` (see help-options.test)."""
import glob
import os
import re
import sys

root, help_path = sys.argv[1], sys.argv[2]
help_text = open(help_path).read()
listed = set(re.findall(r'^\s+(--?[a-z][a-z-]*)', help_text, re.M))
listed -= {'--help', '--help-list', '--version'}

docs = [os.path.join(root, 'README.md')]
docs += glob.glob(os.path.join(root, 'docs', '**', '*.md'), recursive=True)
text = '\n'.join(open(d).read() for d in docs)
# Only `dmacheck ...` scan command lines (not the database subcommands,
# which have their own --help, nor make/git/clang options).
sub = ('findings', 'diff', 'triage', 'gate', 'export', 'runs', 'merge',
       'confirm', 'report')
used = set()
for line in text.splitlines():
    m = re.search(r'\bdmacheck((?:\s+\S+)*)', line)
    if not m or 'cmake ' in line or re.match(r'\s+(%s)\b' % '|'.join(sub), m.group(1)):
        continue
    args = m.group(1).split(' -- ')[0]
    used |= set(re.findall(r'(?<![\w-])(--[a-z][a-z-]*[a-z])', args))

missing_in_help = sorted(used - listed - {'--', '--help', '--version'})
undocumented = sorted(o for o in listed if o.startswith('--') and o not in text)
ok = True
if missing_in_help:
    print('used in the docs, not in --help:', ' '.join(missing_in_help))
    ok = False
if undocumented:
    print('in --help, not in README.md or docs/:', ' '.join(undocumented))
    ok = False
if len(listed) < 20:
    print('too few options parsed from --help:', sorted(listed))
    ok = False
print('ok' if ok else 'FAILED')
sys.exit(0 if ok else 1)
