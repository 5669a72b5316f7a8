// Kustomizations as kustomize names them and overlays side by side, with the real kubectl
// v1.33.9 (test/support/render-tools.ts) through the built CLI as the hooks run it:
// - a folder whose kustomization is the extension-less `Kustomization` is found by every walk
//   and lookup (discovery of top-level units, --context's base → overlay lookup, --base at a
//   revision and with no paths given, --cache keys);
// - two overlays that render a set of one name: plan rows say which overlay each row is for;
// - under --context, what "Caused by the change to …" says of a rendered unit and of a plain file.
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookArgs, repository, stslintPlan, type Repo } from './support/unit-repo.js';
import { renderTools } from './support/render-tools.js';
import { stslint } from './support/run.js';

/** dev-prod with each kustomization file renamed (folder → name), committed. */
function withNames(names: Record<string, string>, extra: Record<string, string> = {}): Repo {
  const repo = repository({ deploy: 'dev-prod' }, extra);
  for (const [dir, name] of Object.entries(names)) {
    renameSync(path.join(repo.root, dir, 'kustomization.yaml'), path.join(repo.root, dir, name));
  }
  repo.commit();
  return repo;
}

/** An overlay folder that holds nothing but its extension-less `Kustomization`. */
const EU_OVERLAY =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: data\nresources:\n  - ../../base\nreplicas:\n  - name: db\n    count: 2\n';

describe('the extension-less `Kustomization`', () => {
  it('is found by a directory walk: an overlay folder holding only `Kustomization` renders, and its base not alone', { timeout: 120_000 }, () => {
    const repo = withNames({ 'deploy/base': 'Kustomization', 'deploy/overlays/prod': 'Kustomization', 'deploy/overlays/dev': 'kustomization.yml' });
    mkdirSync(path.join(repo.root, 'deploy/overlays/eu'));
    writeFileSync(path.join(repo.root, 'deploy/overlays/eu/Kustomization'), EU_OVERLAY);
    const out = repo.run(['.']);
    // The ConfigMap names db-0..db-2: eu runs 2 pods, prod 1, dev 5; the base is never built alone (it would run 3).
    expect(out.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range', 'deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(out.messages.map((m) => / \(built by ([^)]*)\)$/.exec(m)?.[1]).sort()).toEqual(['deploy/overlays/eu', 'deploy/overlays/prod']);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 3 }); // dev, eu, prod
  });

  it('--context: a staged base file renders every overlay that builds it, `Kustomization` ones too', { timeout: 120_000 }, () => {
    const repo = withNames({ 'deploy/overlays/prod': 'Kustomization' });
    repo.write('deploy/base/config.yaml', (t) => t.replace('PEERS: db-0.db:5432,db-1.db:5432,db-2.db:5432', 'PEERS: db-0.db:5432,db-1.db:5432'));
    const out = repo.run([...hookArgs('stslint'), 'deploy/base/config.yaml']);
    expect(out.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(out.messages[0]).toMatch(/\(built by deploy\/overlays\/prod\)$/);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 2 });
  });

  it('--base HEAD: a changed namePrefix in `Kustomization` is storage-orphaned at its line, named or found through git', { timeout: 120_000 }, () => {
    const repo = withNames({ 'deploy/overlays/prod': 'Kustomization' });
    repo.write('deploy/overlays/prod/Kustomization', (t) => t.replace('namespace: data\n', 'namespace: data\nnamePrefix: eu-\n'));
    repo.commit();
    repo.write('deploy/overlays/prod/Kustomization', (t) => t.replace('namePrefix: eu-', 'namePrefix: us-'));
    const named = repo.run(['--base', 'HEAD', 'deploy/overlays/prod/Kustomization']);
    expect(named.findings).toContain('deploy/overlays/prod/Kustomization:4 storage-orphaned');
    // The change hook with no staged YAML (pre-commit passes no extension-less file): the change is found through git.
    const found = repo.run([...hookArgs('stslint-change')]);
    expect(found.findings).toContain('deploy/overlays/prod/Kustomization:4 storage-orphaned');
    const plan = stslintPlan(repo);
    expect(plan).toContain('us-db-0');
    expect(plan).toContain('deploy/overlays/prod/Kustomization');
  });

  it('--cache: a change to `Kustomization` renders again, no change renders nothing', { timeout: 120_000 }, () => {
    const repo = withNames({ 'deploy/overlays/prod': 'Kustomization', 'deploy/base': 'Kustomization' });
    const cache = ['--cache', '--cache-location', path.join(repo.root, '..', `${path.basename(repo.root)}.cache`), '.'];
    // (each run() drops the cache in .git; this one lives beside the repository)
    const cold = repo.run(cache);
    expect(repo.calls().kubectl).toBe(2);
    expect(repo.run(cache).findings).toEqual(cold.findings);
    expect(repo.calls().kubectl).toBe(0);
    expect(cold.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    // prod's `replicas` transformer now runs the three pods the ConfigMap names.
    repo.write('deploy/overlays/prod/Kustomization', (t) => `${t}replicas:\n  - name: db\n    count: 3\n`);
    const changed = repo.run(cache);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 1 });
    expect(changed.findings).toEqual([]);
    repo.write('deploy/base/Kustomization', (t) => `${t}commonAnnotations:\n  team: data\n`);
    repo.run(cache);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 2 }); // the base is read by both overlays
  });
});

describe('plan rows of rendered sets say which unit they are for', () => {
  it('two overlays of one base change their `db` sets: one row each, named by overlay, in the plan and the summary', { timeout: 120_000 }, () => {
    const repo = repository({ deploy: 'dev-prod', store: 'chart-store' });
    repo.write('deploy/base/statefulset.yaml', (t) => t.replace('postgres:16.4', 'postgres:16.5'));
    repo.write('store/values.yaml', (t) => t.replace('replicaCount: 2', 'replicaCount: 4'));
    const plan = stslintPlan(repo);
    const rows = plan.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      expect.stringMatching(
        /^\| `db` in `data`<br><sub>deploy\/base\/statefulset\.yaml:4, built by deploy\/overlays\/dev<\/sub> \| pod template changed \| update `db-4` … `db-0` \(5\)/,
      ),
      expect.stringMatching(
        /^\| `db` in `data`<br><sub>deploy\/base\/statefulset\.yaml:4, built by deploy\/overlays\/prod<\/sub> \| pod template changed \| update `db-0` /,
      ),
      expect.stringMatching(/^\| `store-store` in `\w+`<br><sub>store\/templates\/statefulset\.yaml:4, release store of store<\/sub> \| scaled \d → 4 /),
    ]);
    const { helm, kubectl } = renderTools();
    const pretty = stslint(['--helm', helm, '--kustomize', kubectl, '--base', 'HEAD', '.'], { cwd: repo.root }).stdout;
    expect(pretty).toMatch(/^ {2}db \(data, built by deploy\/overlays\/dev\): pod template changed; update db-4 … db-0 \(5\)/m);
    expect(pretty).toMatch(/^ {2}db \(data, built by deploy\/overlays\/prod\): pod template changed; update db-0 /m);
  });
});

describe('--context: what a finding in a plain context file says caused it', () => {
  // A plain PodDisruptionBudget beside a chart: minAvailable 2 blocks drains once the chart runs 2 pods.
  const PDB =
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: db-db\n';

  it('a staged values change that breaks a plain context object: reported, caused by the values file, not as a unit’s finding', { timeout: 120_000 }, () => {
    const repo = repository({ 'charts/db': 'chart-db' }, { 'pdb.yaml': PDB });
    repo.write('charts/db/values.yaml', (t) => t.replace('replicaCount: 3', 'replicaCount: 2'));
    const out = repo.run([...hookArgs('stslint'), 'charts/db/values.yaml']);
    expect(out.findings).toEqual(['pdb.yaml:6 pdb-blocks-drain']);
    expect(out.messages[0]).toMatch(/\(Caused by the change to charts\/db\/values\.yaml\.\)$/);
    expect(out.messages[0]).not.toMatch(/built by|with ci\//);
  });

  it('a plain context finding the last commit’s render already drew is not the change’s: not reported', { timeout: 120_000 }, () => {
    const repo = repository({ 'charts/db': 'chart-db' }, { 'pdb.yaml': PDB });
    repo.write('charts/db/values.yaml', (t) => t.replace('replicaCount: 3', 'replicaCount: 2'));
    repo.commit();
    repo.write('charts/db/values.yaml', (t) => t.replace('postgres:16.4', 'postgres:16.5'));
    expect(repo.run(['.']).findings).toEqual(['pdb.yaml:6 pdb-blocks-drain']);
    const out = repo.run([...hookArgs('stslint'), 'charts/db/values.yaml']);
    expect(out.findings).toEqual([]);
    expect(repo.calls().helm).toBe(2); // today's chart and the last commit's
  });
});

describe('--cache keeps each rendered text’s outcome (the fast path of a run with no change)', () => {
  it('warm runs print what a run without the cache prints, in every format, also after one template changes', { timeout: 240_000 }, () => {
    const repo = repository({ 'charts/db': 'chart-db', deploy: 'dev-prod' }, { 'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n' });
    repo.write('charts/db/values.yaml', (t) => t.replace('headless: true', 'headless: false'));
    const { helm, kubectl } = renderTools();
    // A cache folder that does not exist yet: made on the first save, as ESLint's.
    const cacheDir = path.join(repo.root, '..', `${path.basename(repo.root)}-new-cache`);
    const cache = ['--cache', '--cache-location', `${cacheDir}/`];
    const print = (format: string, extra: string[] = []) => {
      const out = stslint(['--helm', helm, '--kustomize', kubectl, '--preset', 'all', '-f', format, ...extra, '.'], { cwd: repo.root });
      // JUnit's time attributes are wall times.
      return `${out.code}\n${out.stdout.replace(/ time="[\d.]+"/g, '')}\n${out.stderr}`;
    };
    const formats = ['json', 'sarif', 'compact', 'junit', 'pretty', 'github'];
    const compare = (only = formats) => {
      for (const format of only) {
        const plain = print(format);
        expect(print(format, cache), `${format}, first run with --cache`).toBe(plain);
        expect(print(format, cache), `${format}, second run with --cache`).toBe(plain);
      }
    };
    compare();
    expect(print('compact')).toMatch(/service-not-headless/);
    expect(readdirSync(cacheDir).sort()).toEqual(['.stslintcache', '.stslintcache.render']);
    repo.calls();
    print('json', cache);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 0 });
    // One template changes: the chart renders again, and what the cache kept for its old text is not used.
    repo.write('charts/db/templates/statefulset.yaml', (t) => t.replace('            - name: data\n', '            - name: data2\n'));
    expect(print('compact', cache)).toMatch(/volume-mount-unresolved/);
    compare(['json', 'compact']);
    repo.write('deploy/base/config.yaml', (t) => t.replace(',db-2.db:5432', ''));
    expect(print('compact', cache)).not.toMatch(/db-2/);
    compare(['json', 'compact']);
  });
});
