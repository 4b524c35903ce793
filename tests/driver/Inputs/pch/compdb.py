# Writes compile_commands.json for the pch test: one flag set, kbuild's
# -include and a per-file KBUILD_MODNAME, which must not split the group.
import json, sys
src, rt = sys.argv[1], sys.argv[2]
files = ['a.c', 'b.c', 'c.c', 'debug.c', 'local.c', 'clash.c', 'note.c']
json.dump([{'directory': src, 'file': f,
            'arguments': ['clang-19', '-std=gnu11', '-Iinc', '-I' + rt,
                          '-include', 'inc/forced.h',
                          '-DKBUILD_MODNAME="%s"' % f[:-2],
                          '-Wp,-MMD,.%s.o.d' % f[:-2],
                          '-c', '-o', f[:-2] + '.o', f]}
           for f in files], open(src + '/compile_commands.json', 'w'))
