"""shard_ciyaml.py: the YAML the docs/ci examples are written in, without PyYAML.

load_all(text) returns the documents of a YAML file as dicts, lists and
strings (scalars stay strings: `3` is '3'). It reads block mappings and
sequences, `- key: value` items, literal block scalars (`|`, `|-`), quoted
and plain scalars, one-line flow sequences and mappings of scalars,
comments and `---`. Anything else (anchors, tags, folded or multi-line
flow scalars, ...) is an error: the docs stay within what a reader can
check at a glance, and the test that runs them says so when they do not.
"""
import re


class YamlError(Exception):
    pass


def _strip_comment(s):
    """s without a trailing comment (a # after a space, outside quotes)."""
    quote = None
    for i, c in enumerate(s):
        if quote:
            if c == quote:
                quote = None
        elif c in '\'"' and (i == 0 or s[i - 1] in ' [{,:'):
            quote = c
        elif c == '#' and (i == 0 or s[i - 1] in ' \t'):
            return s[:i].rstrip()
    return s.rstrip()


def _scalar(s, where):
    s = s.strip()
    if s.startswith("'"):
        if not s.endswith("'") or len(s) < 2:
            raise YamlError('%s: unterminated quote: %s' % (where, s))
        return s[1:-1].replace("''", "'")
    if s.startswith('"'):
        if not s.endswith('"') or len(s) < 2:
            raise YamlError('%s: unterminated quote: %s' % (where, s))
        return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
            m.group(1), m.group(1)), s[1:-1])
    if s[:1] in ('&', '*', '!', '>', '|', '%', '@', '`'):
        raise YamlError('%s: unsupported YAML: %s' % (where, s))
    return s


def _split_flow(s, where):
    """Items of a one-line flow collection body, split at top-level commas."""
    items, cur, quote = [], '', None
    for c in s:
        if quote:
            cur += c
            if c == quote:
                quote = None
        elif c in '\'"':
            quote = c
            cur += c
        elif c in '[]{}':
            raise YamlError('%s: nested flow collections: %s' % (where, s))
        elif c == ',':
            items.append(cur)
            cur = ''
        else:
            cur += c
    if cur.strip():
        items.append(cur)
    return [i.strip() for i in items]


def _value(s, where):
    if s.startswith('[') and s.endswith(']'):
        return [_scalar(i, where) for i in _split_flow(s[1:-1], where)]
    if s.startswith('{') and s.endswith('}'):
        out = {}
        for item in _split_flow(s[1:-1], where):
            k, sep, v = item.partition(':')
            if not sep:
                raise YamlError('%s: not a key: value pair: %s' % (where, item))
            out[_scalar(k, where)] = _scalar(v, where)
        return out
    if s[:1] in '[{':
        raise YamlError('%s: multi-line flow collection: %s' % (where, s))
    return _scalar(s, where)


_KEY = re.compile(r'''^("[^"]*"|'[^']*'|[^\s'"#\[{][^:#]*?)\s*:(\s+|$)''')


class _Parser:
    def __init__(self, lines, name, first):
        self.raw = lines  # block scalars need the lines as they are
        self.name = name
        self.first = first  # the line number of lines[0] in the file
        self.pos = 0

    def where(self, n):
        return '%s:%d' % (self.name, self.first + n)

    def next_content(self):
        """Index of the next line with content, or None."""
        i = self.pos
        while i < len(self.raw):
            t = _strip_comment(self.raw[i])
            if t.strip():
                return i
            i += 1
        return None

    def line(self, i):
        t = _strip_comment(self.raw[i])
        if '\t' in t[:len(t) - len(t.lstrip())]:
            raise YamlError('%s: tab in indentation' % self.where(i))
        return len(t) - len(t.lstrip()), t.strip()

    def node(self, indent):
        """The block node whose lines are indented by `indent` exactly."""
        i = self.next_content()
        ind, text = self.line(i)
        if ind != indent:
            raise YamlError('%s: bad indentation' % self.where(i))
        if text == '-' or text.startswith('- '):
            return self.sequence(indent)
        return self.mapping(indent)

    def sequence(self, indent):
        out = []
        while True:
            i = self.next_content()
            if i is None:
                return out
            ind, text = self.line(i)
            if ind < indent or not (text == '-' or text.startswith('- ')):
                if ind > indent:
                    raise YamlError('%s: bad indentation' % self.where(i))
                return out
            if ind > indent:
                raise YamlError('%s: bad indentation' % self.where(i))
            rest = text[1:].lstrip()
            if not rest:
                self.pos = i + 1
                out.append(self.child(i, indent))
            elif rest in ('|', '|-'):
                self.pos = i + 1
                out.append(self.block_scalar(i, indent, rest))
            elif _KEY.match(rest):
                # `- key: value`: a mapping indented like its first key.
                inner = ind + (len(text) - len(rest))
                self.raw[i] = ' ' * inner + self.raw[i].lstrip()[1:].lstrip()
                self.pos = i
                out.append(self.mapping(inner))
            else:
                self.pos = i + 1
                out.append(_value(rest, self.where(i)))

    def child(self, i, indent):
        """The node under line i (indented more, or a sequence at `indent`
        under a mapping key); None when there is none."""
        j = self.next_content()
        if j is None:
            return None
        ind, text = self.line(j)
        if ind > indent or (ind == indent and text.startswith('- ')
                            and not self.raw[i].lstrip().startswith('-')):
            return self.node(ind)
        return None

    def block_scalar(self, i, indent, style):
        lines, j = [], i + 1
        block_indent = None
        while j < len(self.raw):
            raw = self.raw[j].rstrip('\n')
            if raw.strip():
                ind = len(raw) - len(raw.lstrip(' '))
                if block_indent is None:
                    block_indent = ind
                if ind < block_indent or ind <= indent:
                    break
                lines.append(raw[block_indent:])
            else:
                lines.append('')
            j += 1
        self.pos = j
        while lines and not lines[-1]:
            lines.pop()
        text = '\n'.join(lines)
        return text if style == '|-' else text + '\n'

    def mapping(self, indent):
        out = {}
        while True:
            i = self.next_content()
            if i is None:
                return out
            ind, text = self.line(i)
            if ind < indent or text.startswith('- ') or text == '-':
                if ind > indent:
                    raise YamlError('%s: bad indentation' % self.where(i))
                return out
            if ind > indent:
                raise YamlError('%s: bad indentation' % self.where(i))
            m = _KEY.match(text)
            if not m:
                raise YamlError('%s: not a key: value line: %s' %
                                (self.where(i), text))
            key = _scalar(m.group(1), self.where(i))
            if key in out:
                raise YamlError('%s: duplicate key %s' % (self.where(i), key))
            rest = text[m.end():].strip()
            self.pos = i + 1
            if rest in ('|', '|-'):
                out[key] = self.block_scalar(i, indent, rest)
            elif rest:
                out[key] = _value(rest, self.where(i))
            else:
                out[key] = self.child(i, indent)


def load_all(text, name='<yaml>'):
    """The documents of a YAML stream."""
    docs, cur, first = [], [], 1
    for n, line in enumerate(text.split('\n')):
        if line.rstrip() == '---':
            docs.append((cur, first))
            cur, first = [], n + 2
        else:
            cur.append(line)
    docs.append((cur, first))
    out = []
    for lines, first in docs:
        p = _Parser(lines, name, first)
        if p.next_content() is None:
            continue
        node = p.node(p.line(p.next_content())[0])
        rest = p.next_content()
        if rest is not None:
            raise YamlError('%s: unexpected line: %s' %
                            (p.where(rest), lines[rest].strip()))
        out.append(node)
    return out


def load(text, name='<yaml>'):
    docs = load_all(text, name)
    if len(docs) != 1:
        raise YamlError('%s: %d documents, expected one' % (name, len(docs)))
    return docs[0]
