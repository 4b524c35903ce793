"""fpcheck.py DB: recomputes every finding's fingerprint from the definition
in docs/database.md, independently of the C code, and compares."""
import hashlib
import sqlite3
import sys
import urllib.parse


SPACE = b' \t\n\v\f\r'


def ident(b):
    return (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122 or
            b in b'_$' or b >= 0x80)


def normalize(text):
    """Bytes in the C locale, as the C code sees them."""
    s, out, i, space = text.encode(), bytearray(), 0, False
    while i < len(s):
        c = s[i]
        if c in SPACE:
            space, i = True, i + 1
            continue
        if s.startswith(b'//', i):
            break
        if s.startswith(b'/*', i):
            j = s.find(b'*/', i + 2)
            i, space = (len(s) if j < 0 else j + 2), True
            continue
        if space and out and ident(out[-1]) and ident(c):
            out += b' '
        space = False
        if c in b'"\'':
            j = i + 1
            while j < len(s) and s[j] != c:
                j += 2 if s[j] == 0x5c and j + 1 < len(s) else 1
            out += s[i:j + 1]
            i = j + 1
            continue
        out.append(c)
        i += 1
    return bytes(out)


def fingerprint(rule, path, function, snippet, events, occurrence):
    fields = [b'dmacheck/v1', rule.encode(), path.encode(), function.encode(),
              normalize(snippet)]
    fields += [normalize(m) for m in events]
    if occurrence:
        fields.append(b'#%d' % occurrence)
    data = b''.join(f + b'\0' for f in fields)
    return hashlib.sha256(data).hexdigest()[:32]


con = sqlite3.connect('file:%s?mode=ro' % urllib.parse.quote(sys.argv[1]), uri=True)
bad = n = 0
seen = {}
for fid, file_id, fp, rule, path, function, snippet in con.execute(
        'SELECT id, file_id, fingerprint, rule, path, function, snippet '
        'FROM findings ORDER BY file_id, id'):
    events = [m for (m,) in con.execute(
        'SELECT message FROM path_events WHERE finding_id=? ORDER BY step', (fid,))]
    base = fingerprint(rule, path, function, snippet, events, 0)
    occ = seen.get((file_id, base), 0)
    seen[(file_id, base)] = occ + 1
    want = fingerprint(rule, path, function, snippet, events, occ)
    n += 1
    if want != fp:
        bad += 1
        print('MISMATCH finding %d: stored %s, definition gives %s' % (fid, fp, want))
print('%d fingerprints checked, %d mismatches' % (n, bad))
sys.exit(1 if bad or not n else 0)
