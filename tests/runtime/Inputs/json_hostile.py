#!/usr/bin/env python3
"""Parse every line of a DMART_REPORT file back, strictly, and compare it
with the manifest json_hostile.c wrote: one line per expected report,
tab-separated: rule, then device, file, map file, a message part and a
message tail, each '-' (absent) or '=' followed by the raw bytes in hex.

A string read back must equal the raw bytes decoded as UTF-8 with each
ill-formed maximal subpart replaced by U+FFFD (Python's 'replace' handler
follows Unicode's recommended practice, as the writer must)."""
import json
import sys

REQUIRED = {'rule': str, 'id': str, 'severity': str, 'message': str,
            'api': str, 'device': str, 'file': str, 'line': int}
OPTIONAL = {'map_file': str, 'map_line': int, 'map_api': str,
            'address': str, 'size': int}


def fail(n, what):
    sys.exit('json_hostile: report %d: %s' % (n, what))


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError('duplicate key in %r' % keys)
    return dict(pairs)


def no_constant(name):
    raise ValueError('not JSON: %s' % name)


def field(text):
    if text == '-':
        return None
    assert text.startswith('=')
    return bytes.fromhex(text[1:])


def decoded(raw):
    return raw.decode('utf-8', 'replace')


def well_formed(raw):
    try:
        raw.decode('utf-8')
        return True
    except UnicodeDecodeError:
        return False


def parse(n, line):
    if not line:
        fail(n, 'empty line')
    for b in line:
        if b < 0x20 or b == 0x7f:
            fail(n, 'raw control byte 0x%02x' % b)
    try:
        text = line.decode('utf-8')
    except UnicodeDecodeError as e:
        fail(n, 'not UTF-8: %s' % e)
    if len(text.splitlines()) != 1:
        fail(n, 'a Unicode line break splits it: %r' % text)
    try:
        obj = json.loads(text, strict=True, object_pairs_hook=no_duplicates,
                         parse_constant=no_constant)
    except ValueError as e:
        fail(n, 'not JSON: %s: %r' % (e, text))
    if not isinstance(obj, dict):
        fail(n, 'not an object')
    for key, kind in REQUIRED.items():
        if type(obj.get(key)) is not kind:
            fail(n, '%s missing or not %s' % (key, kind.__name__))
    for key, value in obj.items():
        kind = REQUIRED.get(key) or OPTIONAL.get(key)
        if kind is None or type(value) is not kind:
            fail(n, 'unexpected %s: %r' % (key, value))
        if kind is str:
            try:
                value.encode('utf-8')
            except UnicodeEncodeError:
                fail(n, '%s holds a lone surrogate: %r' % (key, value))
    return obj


def check_tail(n, msg, tail):
    """msg contains tail, or ends with a prefix of it (at least 16
    characters), possibly followed by one U+FFFD for the character the cut
    split.  Returns True when a character was split."""
    if tail in msg:
        return False
    split = msg.endswith('\ufffd')
    body = msg[:-1] if split else msg
    for k in range(len(tail) - 1, 15, -1):
        if body.endswith(tail[:k]):
            return split
    fail(n, 'message %r does not end with (a prefix of) %r' % (msg, tail))


def main():
    data = open(sys.argv[1], 'rb').read()
    want = [l.split('\t') for l in
            open(sys.argv[2], encoding='ascii').read().splitlines()]
    if not data.endswith(b'\n'):
        sys.exit('json_hostile: the report file does not end with a newline')
    lines = data[:-1].split(b'\n')
    if len(lines) != len(want):
        sys.exit('json_hostile: %d reports, %d expected' %
                 (len(lines), len(want)))
    kept = replaced = cut = 0
    for n, (line, w) in enumerate(zip(lines, want), 1):
        obj = parse(n, line)
        rule = w[0]
        device, file_, map_file, part, tail = map(field, w[1:6])
        if obj['rule'] != rule:
            fail(n, 'rule %r, expected %r' % (obj['rule'], rule))
        checks = [('device', device), ('file', file_)]
        if map_file is None:
            if 'map_file' in obj:
                fail(n, 'unexpected map_file')
        else:
            checks.append(('map_file', map_file))
        for key, raw in checks:
            if obj[key] != decoded(raw):
                fail(n, '%s %r, expected %r (from %r)' %
                     (key, obj[key], decoded(raw), raw))
        raws = [raw for _, raw in checks]
        if part is not None:
            raws.append(part)
            if decoded(part) not in obj['message']:
                fail(n, 'message %r lacks %r' % (obj['message'],
                                                 decoded(part)))
        if tail is not None and check_tail(n, obj['message'], decoded(tail)):
            cut += 1
        if all(well_formed(r) for r in raws):
            kept += 1
        else:
            replaced += 1
    print('json_hostile: %d reports parsed back: %d with well-formed UTF-8 '
          'kept, %d with ill-formed bytes replaced, %d with a message cut '
          'inside a character' % (len(lines), kept, replaced, cut))


main()
