"""dom_check.py index|page DOM [N]: checks a page of the HTML report as
headless Chromium rendered it (--dump-dom), after report.js ran.

index: the findings table has N rows; page: prints the path bubbles.
Both: report.js ran (data-ready), and the page holds no element that text
from a source file or a message could have injected: no <img>, no
<iframe>, no inline event handler, and no <script> but report.js and the
JSON data block."""
import html.parser
import sys

mode, path = sys.argv[1], sys.argv[2]


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ready = False
        self.bad = []
        self.rows = 0
        self.in_tbody = False
        self.bubbles = []
        self.in_bubble = 0
        self.text = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'html' and a.get('data-ready') == '1':
            self.ready = True
        if tag in ('img', 'iframe', 'object', 'embed'):
            self.bad.append(tag)
        for k in a:
            if k.startswith('on'):
                self.bad.append('%s %s' % (tag, k))
        if tag == 'script' and a.get('type') != 'application/json' and \
                not (a.get('src') or '').endswith('report.js'):
            self.bad.append('script %r' % a)
        if tag == 'table':
            self.stack.append(a.get('id'))
        if tag == 'tbody':
            self.in_tbody = self.stack[-1:] == ['findings']
        if tag == 'tr' and self.in_tbody:
            self.rows += 1
        if tag == 'tr' and 'bubble' in (a.get('class') or ''):
            self.in_bubble = 1
            self.bubbles.append('')
        if tag == 'tr' and self.in_bubble and 'bubble' not in (a.get('class') or ''):
            self.in_bubble = 0

    def handle_endtag(self, tag):
        if tag == 'tbody':
            self.in_tbody = False
        if tag == 'table' and self.stack:
            self.stack.pop()
        if tag == 'tr' and self.in_bubble:
            self.in_bubble = 0

    def handle_data(self, data):
        self.text.append(data)
        if self.in_bubble and self.bubbles:
            self.bubbles[-1] += data


d = Dom()
d.feed(open(path, encoding='utf-8').read())
print('ready' if d.ready else 'NOT READY')
print('injected: %s' % (', '.join(d.bad) if d.bad else 'nothing'))
if mode == 'index':
    want = int(sys.argv[3])
    print('rows %d of %d' % (d.rows, want))
else:
    for b in d.bubbles:
        print('bubble: ' + ' '.join(b.split()))
text = ''.join(d.text)
for s in sys.argv[4:] if mode == 'index' else sys.argv[3:]:
    print('text %r: %s' % (s, 'shown' if s in text else 'MISSING'))
