"""cache-deps.py: drives the file cache through dmadb-testtool.

  cache-deps.py gen DIR N      writes N dependency lists DIR/deps.K that share
                               most of their headers, as kernel files of one
                               tree do (each: its own source, ~1000 headers of a
                               common pool minus a few, a few of its own)
  cache-deps.py size DB        bytes of dependency lists stored in DB, and the
                               number of chunks (dep_sets rows)
  cache-deps.py check DB       every chunk is used, by as many entries as its
                               users count says; no entry names a missing one
  cache-deps.py downgrade DB   turns DB into a schema 2 database (file_cache
                               entries holding their lists whole)
"""
import json
import os
import random
import sqlite3
import sys


def line(path, salt=''):
    import hashlib
    return '%s\t%s\n' % (hashlib.blake2b((path + salt).encode(), digest_size=32).hexdigest(), path)


def gen(d, n):
    rnd = random.Random(42)
    subsys = ['linux', 'asm', 'net', 'uapi/linux', 'asm-generic', 'crypto', 'media']
    pool = ['/k/include/%s/h%03d.h' % (rnd.choice(subsys), i) for i in range(1200)]
    pool = sorted(set(pool))
    for k in range(n):
        own = '/k/drivers/x/f%03d.c' % k
        hdrs = [p for p in pool if rnd.random() > 0.02]  # each misses ~2 %
        hdrs += ['/k/drivers/x/local%d.h' % rnd.randrange(4)]
        rnd.shuffle(hdrs)  # the compiler's order is not sorted
        with open(os.path.join(d, 'deps.%d' % k), 'w') as f:
            f.write(line(own) + ''.join(line(h) for h in hdrs))


def size(db):
    c = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    whole = c.execute('SELECT coalesce(sum(length(deps)), 0) FROM file_cache').fetchone()[0]
    cols = [r[1] for r in c.execute('PRAGMA table_info(file_cache)')]
    chunks = ids = nchunks = 0
    if 'dep_sets' in cols:
        ids = c.execute('SELECT coalesce(sum(length(dep_sets)), 0) FROM file_cache').fetchone()[0]
        chunks, nchunks = c.execute('SELECT coalesce(sum(length(deps)), 0), count(*) FROM dep_sets').fetchone()
    print('entries %d bytes %d chunks %d' % (
        c.execute('SELECT count(*) FROM file_cache').fetchone()[0], whole + ids + chunks, nchunks))


def check(db):
    c = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
    users = {}
    lists = c.execute('SELECT dep_sets FROM file_cache').fetchall()
    tables = [r[0] for r in c.execute("SELECT name FROM pragma_table_info('prefilter_cache')")]
    if 'dep_sets' in tables:  # schema 8: the verdicts share the chunks
        lists += c.execute('SELECT dep_sets FROM prefilter_cache').fetchall()
    for (ids,) in lists:
        for i in set(json.loads(ids)):
            users[i] = users.get(i, 0) + 1
    chunks = dict(c.execute('SELECT id, users FROM dep_sets'))
    assert chunks == users, 'users counts are wrong'
    print('%d chunks, all used, counts right' % len(chunks))


def downgrade(db):
    c = sqlite3.connect(db)
    rows = []
    for key, ids in c.execute('SELECT key, dep_sets FROM file_cache').fetchall():
        text = ''.join(c.execute('SELECT deps FROM dep_sets WHERE id=?', (i,)).fetchone()[0]
                       for i in json.loads(ids))
        rows.append((text, key))
    # Schema 4 and 5 tables go first: back to schema 2 as it was.
    c.executescript('DROP TABLE file_stats; DROP TABLE prefilter_cache; DROP TABLE kbuild_cache; DROP TABLE source_hashes; DROP TABLE runtime_reports; DROP TABLE confirmations; '
                    'DROP TABLE confirm_runs; '
                    'CREATE TABLE confirmations(id INTEGER PRIMARY KEY, '
                    'fingerprint TEXT NOT NULL, rule TEXT NOT NULL, report TEXT NOT NULL, '
                    'confirmed_at TEXT NOT NULL, reproduction TEXT NOT NULL, '
                    'run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL); '
                    'CREATE INDEX confirmations_fingerprint ON confirmations(fingerprint);')
    c.executescript('DROP TRIGGER file_cache_insert; DROP TRIGGER file_cache_delete; '
                    'DROP TRIGGER file_cache_update; DROP TABLE dep_sets; '
                    'ALTER TABLE file_cache DROP COLUMN dep_sets;')
    c.executemany('UPDATE file_cache SET deps=? WHERE key=?', rows)
    c.execute('PRAGMA user_version=2')
    c.commit()
    c.execute('PRAGMA journal_mode=DELETE')
    c.close()


cmd = sys.argv[1]
if cmd == 'gen':
    gen(sys.argv[2], int(sys.argv[3]))
elif cmd == 'size':
    size(sys.argv[2])
elif cmd == 'check':
    check(sys.argv[2])
elif cmd == 'downgrade':
    downgrade(sys.argv[2])
