"""sarif-check.py SARIF FINDINGS_JSON: checks the content of a dmacheck SARIF
export against the findings it came from; prints a summary."""
import json
import os
import sys
import urllib.parse

log = json.load(open(sys.argv[1]))
findings = json.load(open(sys.argv[2]))['findings']
assert log['version'] == '2.1.0'
assert log['$schema'].endswith('sarif-2.1.0.json')
run, = log['runs']
drv = run['tool']['driver']
assert drv['name'] == 'dmacheck' and drv['version']
# No URI of the machine that built dmacheck; https ones only.
assert 'file://' not in json.dumps(drv), 'file:// URI in the tool metadata'
for k in ('informationUri',):
    assert k not in drv or drv[k].startswith('https://'), drv[k]
rules = drv['rules']
pages = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'docs', 'rules')
for r in rules:
    for k in ('id', 'name', 'shortDescription', 'fullDescription',
              'defaultConfiguration', 'help'):
        assert k in r, (k, r['id'])
    assert r['defaultConfiguration']['level'] in ('error', 'warning', 'note')
    if 'helpUri' in r:
        uri = urllib.parse.urlparse(r['helpUri'])
        assert uri.scheme == 'https' and uri.path.endswith('/docs/rules/%s.md' % r['id'])
    # The help is the rule's page, as the binary was built with it.
    page = open(os.path.join(pages, r['id'] + '.md'), encoding='utf-8').read()
    assert r['help']['markdown'] == page, r['id']
    assert r['help']['text'] == page, r['id']
root = run['originalUriBaseIds']['SRCROOT']['uri']
assert root.startswith('file:///') and root.endswith('/')
results = run['results']
assert len(results) == len(findings), (len(results), len(findings))
for res, f in zip(results, findings):
    assert res['ruleId'] == f['rule'] == rules[res['ruleIndex']]['id']
    assert res['level'] == f['severity']
    assert res['message']['text'] == f['message']
    assert res['partialFingerprints'] == {'dmacheck/v1': f['fingerprint']}
    loc = res['locations'][0]['physicalLocation']
    assert loc['artifactLocation'] == {'uri': f['file'], 'uriBaseId': 'SRCROOT'}
    assert loc['region']['startLine'] == f['line']
    assert loc['region']['startColumn'] == f['column']
    assert res['locations'][0]['logicalLocations'][0]['name'] == f['function']
    steps = res['codeFlows'][0]['threadFlows'][0]['locations'] if f['path'] else []
    assert [s['location']['message']['text'] for s in steps[:-1]] == [e['message'] for e in f['path']]
    assert [s['location']['physicalLocation']['region']['startLine'] for s in steps[:-1]] == [e['line'] for e in f['path']]
    if steps:
        assert steps[-1]['location']['physicalLocation']['region']['startLine'] == f['line']
    # The triage exported (the database's, or a baseline's: export --baseline).
    assert ('suppressions' in res) == (res['properties']['triage'] in ('false-positive', 'wont-fix'))
inv, = run['invocations']
notes = [n['message']['text'] for n in inv['toolExecutionNotifications']]
print('%d rules, %d results, %d code flows, %d suppressed, executionSuccessful=%s'
      % (len(rules), len(results), sum('codeFlows' in r for r in results),
         sum('suppressions' in r for r in results), inv['executionSuccessful']))
for n in notes:
    print('notification:', n)
