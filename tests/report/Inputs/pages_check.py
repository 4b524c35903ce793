"""pages_check.py FINDINGS.json OUTDIR: every finding of the report's run
has its page (f/N.html, N its place in `dmacheck findings` order), with its
message as the title and one numbered bubble per path event plus the
finding's own, each on its line."""
import html
import json
import re
import sys

findings = json.load(open(sys.argv[1]))['findings']
bad = 0
for i, f in enumerate(findings):
    page = open('%s/f/%d.html' % (sys.argv[2], i), encoding='utf-8').read()
    title = re.search(r'<title>(.*?)</title>', page, re.S).group(1)
    bubbles = re.findall(r'<tr class="bubble[^"]*"[^>]*>', page)
    nums = re.findall(r'<span class="num">([^<]*)</span>', page)
    want = [str(k + 1) for k in range(len(f['path']))] + ['!']
    if html.unescape(title) != f['message'] or len(bubbles) != len(f['path']) + 1 \
            or sorted(nums) != sorted(want):
        print('page %d (%s:%d): title %r, %d bubbles %r, want %d' % (
            i, f['file'], f['line'], title, len(bubbles), nums, len(want)))
        bad += 1
print('%d pages, %d bad' % (len(findings), bad))
