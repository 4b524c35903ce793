"""hostile-check.py SPEC FINDINGS_JSON SARIF CSV: the texts of hostile.spec
come back from every output format.  JSON and SARIF must parse, and carry
each text with invalid UTF-8 replaced by U+FFFD (Python's errors="replace");
CSV must parse with the csv module and carry the original bytes."""
import csv
import json
import re
import sys
from urllib.parse import unquote_to_bytes

spec, fjson, sarif, fcsv = sys.argv[1:5]


def unescape(field):
    """The escapes of analyzer/db/testtool.c, to bytes."""
    def one(m):
        e = m.group(1).decode()
        if e.startswith('x'):
            return bytes([int(e[1:], 16)])
        return {'t': b'\t', 'n': b'\n', 'r': b'\r', '\\': b'\\'}[e]
    return re.sub(rb'\\(x[0-9a-fA-F]{2}|[tnr\\])', one, field)


# The findings of the spec: rule -> (path, function, message, snippet, events).
expect = {}
last = None
for line in open(spec, 'rb').read().split(b'\n'):
    f = line.split(b'\t')
    if f[0] == b'finding':
        last = f[1].decode()
        expect[last] = dict(path=unescape(f[3]), function=unescape(f[6]),
                            message=unescape(f[7]), snippet=unescape(f[8]),
                            events=[])
    elif f[0] == b'event':
        expect[last]['events'].append((unescape(f[1]), unescape(f[4])))


def text(b):
    return b.decode('utf-8', 'replace')


# JSON: `findings --format json` parses and holds the replaced texts.
doc = json.load(open(fjson, encoding='utf-8'))
for f in doc['findings']:
    e = expect[f['rule']]
    assert f['file'] == text(e['path']), (f['file'], e['path'])
    assert f['function'] == text(e['function'])
    assert f['message'] == text(e['message']), (f['message'], e['message'])
    assert f['snippet'] == text(e['snippet'])
    assert [(x['file'], x['message']) for x in f['path']] == \
        [(text(p), text(m)) for p, m in e['events']]
print('json: %d findings' % len(doc['findings']))

# SARIF: the same texts; paths percent-encoded byte by byte.
log = json.load(open(sarif, encoding='utf-8'))
results = log['runs'][0]['results']
for r in results:
    e = expect[r['ruleId']]
    assert r['message']['text'] == text(e['message'])
    loc = r['locations'][0]
    uri = loc['physicalLocation']['artifactLocation']['uri']
    assert unquote_to_bytes(uri) == e['path'], (uri, e['path'])
    assert loc['physicalLocation']['region']['snippet']['text'] == text(e['snippet'])
    assert loc['logicalLocations'][0]['name'] == text(e['function'])
    steps = r.get('codeFlows', [{'threadFlows': [{'locations': [{}]}]}])[0]['threadFlows'][0]['locations'][:-1]
    assert [s['location']['message']['text'] for s in steps] == [text(m) for _, m in e['events']]
print('sarif: %d results' % len(results))

# CSV: RFC 4180, the original bytes (commas, quotes, CR, LF inside fields).
rows = list(csv.reader(open(fcsv, encoding='utf-8', errors='surrogateescape',
                            newline='')))
head = rows[0]
for row in rows[1:]:
    f = dict(zip(head, row))
    e = expect[f['rule']]
    raw = lambda s: s.encode('utf-8', 'surrogateescape')
    assert raw(f['file']) == e['path'], (f['file'], e['path'])
    assert raw(f['function']) == e['function']
    assert raw(f['message']) == e['message'], (f['message'], e['message'])
    assert len(row) == len(head)
print('csv: %d rows' % (len(rows) - 1))
