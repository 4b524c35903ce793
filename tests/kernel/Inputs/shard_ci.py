"""shard_ci.py: runs the docs/ci examples as written, on a fake kernel tree.

  shard_ci.py github WORKFLOW TREE WORK
      Plays a GitHub Actions workflow: every job in the order of `needs`,
      once per combination of its matrix, each in a fresh workspace at the
      same path (WORK/workspace, as on GitHub, where every job has the same
      one). `actions/checkout` of the repository itself copies TREE there;
      artifacts are kept in WORK/artifacts; upload-sarif checks its file.
      A `run:` step is run (bash -e, in the workspace, with the workflow's,
      job's and step's env) when one of its commands is a dmacheck command;
      the others (installing packages, building dmacheck, configuring the
      kernel) are set-up this test does without. A job's final workspace
      is kept as WORK/jobs/JOB or WORK/jobs/JOB-K (K: its matrix index).

  shard_ci.py gitlab CI_YML TREE WORK
      Plays a .gitlab-ci.yml the same way: the jobs in the order of their
      stages, a job with `parallel: N` N times (CI_NODE_INDEX, CI_NODE_TOTAL),
      each in WORK/workspace with a copy of TREE and the artifacts of the
      jobs it needs; of a script, the dmacheck lines are run.

  shard_ci.py k8s MANIFEST TREE WORK TREE_PATH
      Plays the Kubernetes manifests: every pod of the Indexed Job (its
      init containers replaced by copying TREE to TREE_PATH, a path in the
      pod), then the other Jobs. A volume is a directory WORK/volumes/NAME
      (emptyDir: new for each pod), and the container's paths under its
      mounts are rewritten to them. Checks that DMACHECK_SHARD_COUNT of
      every Job is the Indexed Job's .spec.completions.

Each step or pod prints `== what: exit N` and its output. dmacheck must be
on PATH. Exits 0 when it could play the file (whatever the steps' exit
status), 2 when the file uses something it cannot play: the examples stay
simple, and this test tells when they stop being so.
"""
import glob
import itertools
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shard_ciyaml  # noqa: E402


class Unsupported(Exception):
    pass


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def copy_tree(src, dst):
    if os.path.exists(dst) and not os.listdir(dst):
        os.rmdir(dst)
    shutil.copytree(src, dst, symlinks=True)


def run_script(what, argv, cwd, env):
    p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    print('== %s: exit %d' % (what, p.returncode))
    for line in p.stdout.splitlines():
        print('| ' + line)
    sys.stdout.flush()
    return p.returncode


def base_env():
    env = dict(os.environ)
    env['CI'] = 'true'
    return env


# --- GitHub Actions ------------------------------------------------------

def lookup(ctx, expr):
    """The value of a context path such as matrix.shard (the only kind of
    expression the examples use outside `if:`)."""
    if not re.fullmatch(r'[A-Za-z_][\w-]*(\.[\w-]+)+', expr):
        raise Unsupported('expression ${{ %s }}' % expr)
    v = ctx
    for part in expr.split('.'):
        if not isinstance(v, dict) or part not in v:
            raise Unsupported('expression ${{ %s }}: unknown here' % expr)
        v = v[part]
    return str(v)


def expand(ctx, s):
    return re.sub(r'\$\{\{\s*(.*?)\s*\}\}', lambda m: lookup(ctx, m.group(1)),
                  s)


def condition(ctx, cond, failed, outcomes):
    """A step's `if:`: always(), success(), failure(), steps.ID.outcome,
    '...' strings, ==, !=, &&, ||, !, parentheses."""
    cond = re.sub(r'^\$\{\{\s*(.*?)\s*\}\}$', r'\1', cond.strip())
    out, pos = [], 0
    tokens = re.compile(r"\s*(always\(\)|success\(\)|failure\(\)|"
                        r"steps\.[\w-]+\.(?:outcome|conclusion)|'[^']*'|"
                        r"==|!=|&&|\|\||!|\(|\))")
    while pos < len(cond):
        m = tokens.match(cond, pos)
        if not m:
            raise Unsupported('condition %r' % cond)
        t, pos = m.group(1), m.end()
        if t == 'always()':
            out.append('True')
        elif t == 'success()':
            out.append(repr(not failed))
        elif t == 'failure()':
            out.append(repr(failed))
        elif t.startswith('steps.'):
            out.append(repr(outcomes.get(t.split('.')[1], '')))
        else:
            out.append({'&&': 'and', '||': 'or', '!': 'not'}.get(t, t))
    explicit = re.search(r'always\(\)|failure\(\)', cond)
    value = eval(' '.join(out), {'__builtins__': {}})  # our own tokens only
    return bool(value) and (explicit or not failed)


def runs_dmacheck(script):
    """Whether a command of the script (a logical line: continuations
    joined) is a dmacheck command."""
    for line in script.replace('\\\n', ' ').splitlines():
        words = line.split()
        if words and words[0] == 'dmacheck':
            return True
    return False


def check_keys(what, d, allowed):
    extra = set(d) - set(allowed)
    if extra:
        raise Unsupported('%s: %s' % (what, ', '.join(sorted(extra))))


def job_order(jobs):
    done, order = set(), []
    while len(order) < len(jobs):
        ready = [j for j in jobs if j not in done and
                 all(n in done for n in needs_of(jobs[j]))]
        if not ready:
            raise Unsupported('a cycle in needs')
        for j in ready:
            done.add(j)
            order.append(j)
    return order


def needs_of(job):
    n = job.get('needs') or []
    return [n] if isinstance(n, str) else n


def matrix_of(job):
    m = (job.get('strategy') or {}).get('matrix')
    if not m:
        return [None]
    if not isinstance(m, dict) or 'include' in m or 'exclude' in m:
        raise Unsupported('matrix other than lists of values')
    keys = sorted(m)
    return [dict(zip(keys, c)) for c in
            itertools.product(*(m[k] for k in keys))]


def play_step(step, ctx, ws, work, env, label):
    """Runs or simulates one step; its outcome."""
    withs = step.get('with') or {}
    uses = step.get('uses')
    if 'run' in step:
        script = expand(ctx, step['run'])
        if not runs_dmacheck(script):
            print('== %s: set-up, not run here' % label)
            return 'success'
        cwd = os.path.join(ws, step.get('working-directory', ''))
        return 'success' if run_script(label, ['bash', '-e', '-c', script],
                                       cwd, env) == 0 else 'failure'
    name = uses.split('@')[0]
    if name == 'actions/checkout':
        if 'repository' in withs:
            print('== %s: checkout of another repository, not done' % label)
            return 'success'
        copy_tree(ctx['tree'], os.path.normpath(os.path.join(
            ws, expand(ctx, withs.get('path', '.')))))
        print('== %s: the kernel tree' % label)
        return 'success'
    if name == 'actions/upload-artifact':
        art = expand(ctx, withs['name'])
        src = os.path.join(ws, expand(ctx, withs['path']))
        if not os.path.exists(src):
            if withs.get('if-no-files-found') == 'error':
                print('== %s: exit 1\n| no file %s' % (label, withs['path']))
                return 'failure'
            # A file of a set-up step: its artifact is a stand-in.
            os.makedirs(os.path.join(work, 'stubs'), exist_ok=True)
            open(os.path.join(work, 'stubs', art), 'w').close()
            print('== %s: %s from set-up, not made here' % (label, art))
            return 'success'
        dst = fresh(os.path.join(work, 'artifacts', art))
        shutil.copy(src, dst)
        print('== %s: artifact %s' % (label, art))
        return 'success'
    if name == 'actions/download-artifact':
        dest = os.path.join(ws, expand(ctx, withs.get('path', '.')))
        if 'name' in withs:
            art = expand(ctx, withs['name'])
            if os.path.exists(os.path.join(work, 'stubs', art)):
                print('== %s: %s from set-up, not made here' % (label, art))
                return 'success'
            names, into = [art], lambda a: dest
        else:
            pat = os.path.join(work, 'artifacts', expand(ctx,
                                                         withs['pattern']))
            names = sorted(os.path.basename(p) for p in glob.glob(pat))
            merge = str(withs.get('merge-multiple', 'false')) == 'true'
            into = (lambda a: dest) if merge else (
                lambda a: os.path.join(dest, a))
        for art in names:
            src = os.path.join(work, 'artifacts', art)
            if not os.path.isdir(src):
                print('== %s: exit 1\n| no artifact %s' % (label, art))
                return 'failure'
            os.makedirs(into(art), exist_ok=True)
            for f in os.listdir(src):
                shutil.copy(os.path.join(src, f), into(art))
        if not names:
            print('== %s: exit 1\n| no artifact matches' % label)
            return 'failure'
        print('== %s: %s' % (label, ' '.join(names)))
        return 'success'
    if name == 'github/codeql-action/upload-sarif':
        f = os.path.join(ws, expand(ctx, withs['sarif_file']))
        try:
            sarif = json.load(open(f))
            n = sum(len(r.get('results', [])) for r in sarif['runs'])
            ok = sarif['version'] == '2.1.0'
        except (OSError, ValueError, KeyError) as e:
            print('== %s: exit 1\n| %s' % (label, e))
            return 'failure'
        print('== %s: %s: SARIF %s, %d results' % (
            label, withs['sarif_file'], sarif['version'], n))
        return 'success' if ok else 'failure'
    print('== %s: %s, not run here' % (label, uses))
    return 'success'


def play_github(path, tree, work):
    wf = shard_ciyaml.load(open(path).read(), path)
    check_keys('workflow keys', wf, ['name', 'on', 'permissions', 'env',
                                     'jobs', 'concurrency'])
    jobs = wf['jobs']
    ws = os.path.join(work, 'workspace')
    temp = os.path.join(work, 'runner-temp')
    results = {}
    for jname in job_order(jobs):
        job = jobs[jname]
        check_keys('job %s' % jname, job, ['needs', 'runs-on', 'strategy',
                                           'steps', 'permissions', 'env',
                                           'timeout-minutes', 'name'])
        if any(results.get(n) != 'success' for n in needs_of(job)):
            print('== job %s: skipped (needs)' % jname)
            results[jname] = 'skipped'
            continue
        combos = matrix_of(job)
        results[jname] = 'success'
        for idx, combo in enumerate(combos):
            fresh(ws)
            fresh(temp)
            ctx = {'matrix': combo or {}, 'tree': tree,
                   'strategy': {'job-index': idx, 'job-total': len(combos)},
                   'runner': {'temp': temp}, 'github': {'workspace': ws}}
            env = base_env()
            env.update(GITHUB_ACTIONS='true', GITHUB_WORKSPACE=ws,
                       RUNNER_TEMP=temp)
            ctx['env'] = {}
            for level in (wf, job):
                for k, v in (level.get('env') or {}).items():
                    ctx['env'][k] = expand(ctx, v)
            env.update(ctx['env'])
            what = jname + ('' if combo is None else ' ' + ' '.join(
                '%s=%s' % kv for kv in sorted(combo.items())))
            failed, outcomes = False, {}
            for step in job['steps']:
                check_keys('step', step, ['name', 'id', 'uses', 'with',
                                          'run', 'env', 'if',
                                          'working-directory'])
                label = '%s: %s' % (what, expand(ctx, step.get(
                    'name', step.get('uses', '')) or ''))
                cond = step.get('if')
                if cond is not None and not condition(ctx, cond, failed,
                                                      outcomes):
                    outcome = 'skipped'
                elif cond is None and failed:
                    outcome = 'skipped'
                else:
                    senv = dict(env)
                    for k, v in (step.get('env') or {}).items():
                        senv[k] = expand(ctx, v)
                    outcome = play_step(step, ctx, ws, work, senv, label)
                if outcome == 'skipped':
                    print('== %s: skipped' % label)
                failed |= outcome == 'failure'
                if 'id' in step:
                    outcomes[step['id']] = outcome
            if failed:
                results[jname] = 'failure'
            keep = os.path.join(work, 'jobs', jname + (
                '' if combo is None else '-%d' % idx))
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(ws, keep, symlinks=True)
        print('== job %s: %s' % (jname, results[jname]))
    return 0


# --- GitLab CI -----------------------------------------------------------

def play_gitlab(path, tree, work):
    ci = shard_ciyaml.load(open(path).read(), path)
    stages = ci.get('stages') or ['build', 'test', 'deploy']
    jobs = {k: v for k, v in ci.items() if k not in ('stages', 'variables')}
    ws = os.path.join(work, 'workspace')
    results = {}
    for jname in sorted(jobs, key=lambda j: stages.index(
            jobs[j].get('stage', 'test'))):
        job = jobs[jname]
        check_keys('job %s' % jname, job, ['stage', 'image', 'parallel',
                                           'script', 'artifacts', 'needs',
                                           'variables'])
        needs = job.get('needs') or []
        if any(results.get(n) != 'success' for n in needs):
            print('== job %s: skipped (needs)' % jname)
            results[jname] = 'skipped'
            continue
        n = int(job.get('parallel', 1))
        results[jname] = 'success'
        for k in range(1, n + 1):
            what = jname + (' %d/%d' % (k, n) if 'parallel' in job else '')
            fresh(ws)
            copy_tree(tree, ws)  # GitLab clones the repository
            for need in needs:  # every artifact of the jobs it needs
                src = os.path.join(work, 'artifacts', need)
                for f in sorted(os.listdir(src)) if os.path.isdir(src) else []:
                    shutil.copy(os.path.join(src, f), ws)
            env = base_env()
            env.update(GITLAB_CI='true', CI_PROJECT_DIR=ws,
                       CI_NODE_TOTAL=str(n))
            if 'parallel' in job:
                env['CI_NODE_INDEX'] = str(k)
            for level in (ci, job):
                env.update(level.get('variables') or {})
            ok = True
            for line in job['script']:
                if not runs_dmacheck(line):
                    print('== %s: set-up, not run here: %s' % (what, line))
                elif run_script('%s: %s' % (what, line),
                                ['bash', '-e', '-c', line], ws, env) != 0:
                    ok = False
                    break
            if not ok:
                results[jname] = 'failure'
            arts = job.get('artifacts') or {}
            if ok or arts.get('when') == 'always':
                dst = os.path.join(work, 'artifacts', jname)
                os.makedirs(dst, exist_ok=True)
                for pat in arts.get('paths') or []:
                    for f in glob.glob(os.path.join(ws, pat)):
                        shutil.copy(f, dst)
            keep = os.path.join(work, 'jobs', jname + (
                '-%d' % k if 'parallel' in job else ''))
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(ws, keep, symlinks=True)
        print('== job %s: %s' % (jname, results[jname]))
    return 0


# --- Kubernetes ----------------------------------------------------------

def pod_env(container):
    env = {}
    for e in container.get('env') or []:
        check_keys('env entry', e, ['name', 'value'])
        env[e['name']] = e['value']
    return env


def play_pod(what, pod, work, env_extra, init_tree):
    """Runs the container of a pod template with its volumes as local
    directories; its exit status."""
    check_keys('pod', pod, ['restartPolicy', 'initContainers', 'containers',
                            'volumes'])
    vols = {}
    for v in pod['volumes']:
        if 'emptyDir' in v:
            vols[v['name']] = fresh(os.path.join(work, 'volumes', v['name']))
        elif 'persistentVolumeClaim' in v:
            vols[v['name']] = os.path.join(
                work, 'volumes', v['persistentVolumeClaim']['claimName'])
            os.makedirs(vols[v['name']], exist_ok=True)
        else:
            raise Unsupported('volume %s' % v['name'])
    (container,) = pod['containers']

    def mounts(c):
        return sorted(((m['mountPath'].rstrip('/'), vols[m['name']])
                       for m in c.get('volumeMounts') or []),
                      key=lambda m: -len(m[0]))

    def local(c, s):
        for mp, d in mounts(c):
            s = re.sub(r'(?<![\w./-])' + re.escape(mp) + r'(?=/|\b|$)',
                       lambda m: d, s)
        return s

    if init_tree:
        # The init containers clone and prepare the kernel: a copy here.
        dst = local(pod['initContainers'][0], init_tree[1])
        copy_tree(init_tree[0], dst)
        print('== %s: init: the kernel tree at %s' % (what, init_tree[1]))
    env = base_env()
    env.update(pod_env(container))
    env.update(env_extra)
    argv = [local(container, a) for a in
            (container.get('command') or []) + (container.get('args') or [])]
    cwd = local(container, container.get('workingDir', '/'))
    return run_script(what, argv, cwd, env)


def play_k8s(path, tree, work, tree_path):
    docs = shard_ciyaml.load_all(open(path).read(), path)
    jobs = [d for d in docs if d.get('kind') == 'Job']
    indexed = [j for j in jobs if j['spec'].get('completionMode') == 'Indexed']
    if len(indexed) != 1:
        raise Unsupported('%d Indexed Jobs, expected one' % len(indexed))
    scan = indexed[0]
    n = int(scan['spec']['completions'])
    par = int(scan['spec'].get('parallelism', 1))
    print('== %s: Indexed, completions %d, parallelism %d' % (
        scan['metadata']['name'], n, par))
    for j in jobs:
        for c in j['spec']['template']['spec']['containers']:
            count = pod_env(c).get('DMACHECK_SHARD_COUNT')
            if count != str(n):
                print('== %s: DMACHECK_SHARD_COUNT=%s, not %d' % (
                    j['metadata']['name'], count, n))
                return 1
    if not 1 <= par <= n:
        print('== parallelism %d outside 1..%d' % (par, n))
        return 1
    for i in range(n):
        play_pod('%s pod %d' % (scan['metadata']['name'], i),
                 scan['spec']['template']['spec'], work,
                 {'JOB_COMPLETION_INDEX': str(i)}, (tree, tree_path))
    for j in jobs:
        if j is not scan:
            play_pod(j['metadata']['name'], j['spec']['template']['spec'],
                     work, {}, None)
    return 0


def main(argv):
    try:
        if len(argv) == 5 and argv[1] == 'github':
            return play_github(*[os.path.abspath(a) for a in argv[2:]])
        if len(argv) == 5 and argv[1] == 'gitlab':
            return play_gitlab(*[os.path.abspath(a) for a in argv[2:]])
        if len(argv) == 6 and argv[1] == 'k8s':
            return play_k8s(*[os.path.abspath(a) for a in argv[2:5]],
                            argv[5])
    except (Unsupported, shard_ciyaml.YamlError) as e:
        print('shard_ci.py: cannot play %s: %s' % (argv[2], e),
              file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
