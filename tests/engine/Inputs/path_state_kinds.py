"""Every program-state trait of the rule checkers says whether it keeps a
path going (engine/DonePaths.h): prints the ones that do not, and counts."""
import pathlib
import re
import sys

REG = re.compile(r'^REGISTER_\w+_WITH_PROGRAMSTATE\((\w+),', re.M)
traits = undeclared = 0
for src in sorted(pathlib.Path(sys.argv[1]).rglob('*.cpp')):
    text = src.read_text()
    for name in REG.findall(text):
        traits += 1
        kinds = [k for k in ('OBLIGATION', 'CONTEXT')
                 if 'DMACHECK_PATH_%s(%s)' % (k, name) in text]
        if len(kinds) != 1:
            undeclared += 1
            print('undeclared: %s %s' % (src.name, name))
print('traits: %d undeclared: %d' % (traits, undeclared))
