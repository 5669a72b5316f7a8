// Charts and kustomizations where the hooks and change-time checks meet them, with the real helm
// v4.1.4 and kubectl v1.33.9 (test/support/render-tools.ts) and the built CLI as the hooks run it:
// - `--context .` (both pre-commit hooks) renders the units that a staged template, values file,
//   Chart.yaml, kustomization or patch belongs to, and only those, and reports their findings
//   where they land in the unit;
// - each top-level unit is linted in a graph of its own (two overlays of one base are
//   alternatives), with the plain files beside it;
// - `--base <rev>` renders each unit with the revision's values and configuration.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, hookArgs, repository, stslintPlan, type JsonResult } from './support/unit-repo.js';

describe('--context (the pre-commit hooks): the units a staged file belongs to', () => {
  const make = () =>
    repository(
      { 'charts/db': 'chart-db', deploy: 'dev-prod' },
      { 'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n' },
    );

  it('a staged values.yaml renders its chart alone and reports at the values line', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('charts/db/values.yaml', (t) => t.replace('headless: true', 'headless: false'));
    const out = repo.run([...hookArgs('stslint'), 'charts/db/values.yaml']);
    expect(out.findings).toEqual(['charts/db/values.yaml:3 service-not-headless']);
    expect(out.code).toBe(1);
    expect(repo.calls()).toEqual({ helm: 1, kubectl: 0 });
  });

  it('a staged template renders its chart alone and reports at the template line', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('charts/db/templates/statefulset.yaml', (t) =>
      t.replace(
        '              mountPath: /var/lib/postgresql/data\n',
        '              mountPath: /var/lib/postgresql/data\n            - name: cache\n              mountPath: /cache\n',
      ),
    );
    const out = repo.run([...hookArgs('stslint'), 'charts/db/templates/statefulset.yaml']);
    expect(out.findings).toEqual(['charts/db/templates/statefulset.yaml:31 volume-mount-unresolved']);
    expect(repo.calls()).toEqual({ helm: 1, kubectl: 0 });
  });

  it('a staged Chart.yaml stands for the chart: its findings in files not staged are reported too', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('charts/db/values.yaml', (t) => t.replace('headless: true', 'headless: false'));
    repo.commit();
    repo.write('charts/db/Chart.yaml', (t) => t.replace('version: 0.1.0', 'version: 0.2.0'));
    const out = repo.run([...hookArgs('stslint'), 'charts/db/Chart.yaml']);
    expect(out.findings).toEqual(['charts/db/values.yaml:3 service-not-headless']);
    expect(out.messages[0]).not.toContain('Caused by the change');
  });

  it('a staged overlay patch renders that overlay alone, and its finding in the shared base names it', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('deploy/overlays/dev/replicas.yaml', (t) => t.replace('replicas: 5', 'replicas: 2'));
    const out = repo.run([...hookArgs('stslint'), 'deploy/overlays/dev/replicas.yaml']);
    expect(out.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(out.messages[0]).toMatch(/names pod `db-2`.*\(built by deploy\/overlays\/dev\)$/);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 1 });
  });

  it('a staged base file renders every overlay that builds it, not the base alone', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('deploy/base/config.yaml', (t) => t.replace('PEERS: db-0.db:5432,db-1.db:5432,db-2.db:5432', 'PEERS: db-0.db:5432,db-1.db:5432'));
    const out = repo.run([...hookArgs('stslint'), 'deploy/base/config.yaml']);
    // prod runs one replica: db-1 is still out of range there; dev runs five.
    expect(out.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(out.messages[0]).toMatch(/\(built by deploy\/overlays\/prod\)$/);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 2 });
  });

  it('a staged kustomization renders it; a staged plain file renders the context’s units (it may relate to their objects)', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('deploy/overlays/prod/kustomization.yaml', (t) => `${t}commonAnnotations:\n  team: data\n`);
    const overlay = repo.run([...hookArgs('stslint'), 'deploy/overlays/prod/kustomization.yaml']);
    expect(overlay.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 1 });
    repo.write('plain.yaml', (t) => t.replace('a: b', 'a: c'));
    const plain = repo.run([...hookArgs('stslint'), 'plain.yaml']);
    expect(plain.findings).toEqual([]);
    // The chart and both overlays, once each (then kept by the render cache; test/render-overlays.test.ts).
    expect(repo.calls()).toEqual({ helm: 1, kubectl: 2 });
  });

  it('the change hook compares a staged values change with the last commit', { timeout: 120_000 }, () => {
    const repo = make();
    repo.write('charts/db/values.yaml', (t) => t.replace('size: 1Gi', 'size: 5Gi'));
    const out = repo.run([...hookArgs('stslint-change'), 'charts/db/values.yaml']);
    expect(out.findings).toEqual(['charts/db/values.yaml:5 update-forbidden']);
    expect(repo.calls()).toEqual({ helm: 2, kubectl: 0 }); // today's chart and HEAD's
  });
});

describe('each top-level unit in a graph of its own', () => {
  it('two overlays of one base are alternatives: what holds in one is not hidden by the other', { timeout: 120_000 }, () => {
    // dev runs five replicas, prod one; the shared ConfigMap names db-0..db-2. Linted as one
    // graph, the two `data/db` sets stood for each other and prod's missing pods went unsaid.
    const repo = repository({ deploy: 'dev-prod' });
    const out = repo.run(['.']);
    expect(out.findings).toEqual(['deploy/base/config.yaml:6 peer-ordinal-out-of-range']);
    expect(out.messages[0]).toMatch(/pods `db-1` and `db-2` of StatefulSet `db`.*\(built by deploy\/overlays\/prod\)$/);
    expect(out.messages.join('\n')).not.toContain('duplicate');
  });

  it('plain files join every unit’s graph: a chart’s Service kept as a plain manifest is seen, once', { timeout: 120_000 }, () => {
    const broken =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  clusterIP: None\n  selector:\n    app: other\n  ports:\n    - name: x\n      port: 1\n      targetPort: -1\n';
    const repo = repository(
      { app: 'chart-plain-service/app', deploy: 'dev-prod' },
      { 'app-service.yaml': readFileSync(path.join(FIXTURES, 'chart-plain-service/app-service.yaml'), 'utf8'), 'broken.yaml': broken },
    );
    const out = repo.run(['.']);
    // No service-missing for the chart's set (its Service is the plain app-service.yaml), the
    // plain file's own finding once although three graphs hold it.
    expect(out.findings.filter((f) => !f.startsWith('deploy/'))).toEqual(['broken.yaml:12 service-ports-invalid']);
    // Without the plain Service the chart's set has none: the test can tell.
    const alone = repository({ app: 'chart-plain-service/app' }).run(['.']);
    expect(alone.findings).toEqual(['app/templates/statefulset.yaml:6 service-missing']);
  });
});

describe('the fast paths on rendered units', () => {
  it('--context naming every file, and --cache (cold and warm), give the full run’s findings', { timeout: 240_000 }, () => {
    const repo = repository(
      { 'charts/db': 'chart-db', deploy: 'dev-prod', app: 'chart-plain-service/app' },
      { 'app-service.yaml': readFileSync(path.join(FIXTURES, 'chart-plain-service/app-service.yaml'), 'utf8') },
    );
    repo.write('charts/db/values.yaml', (t) => t.replace('headless: true', 'headless: false'));
    const shown = (out: { json: JsonResult[] }) =>
      out.json.flatMap((r) => r.messages.map((m) => `${path.relative(repo.root, r.filePath)}:${m.line} ${m.ruleId ?? 'fatal'} ${m.message}`)).sort();
    const full = shown(repo.run(['.']));
    expect(full).toHaveLength(2); // values.yaml's Service, prod's peers
    const files = execFileSync('git', ['ls-files'], { cwd: repo.root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.ya?ml$/.test(f));
    expect(shown(repo.run(['--context', '.', ...files]))).toEqual(full);
    const cache = ['--cache', '--cache-location', path.join(repo.root, '..', `${path.basename(repo.root)}.cache`), '.'];
    expect(shown(repo.run(cache))).toEqual(full);
    expect(shown(repo.run(cache))).toEqual(full);
    expect(repo.calls()).toEqual({ helm: 0, kubectl: 0 }); // the warm run rendered nothing
  });
});

describe('--base <rev> on rendered units', () => {
  const forbidden = (out: { json: JsonResult[] }, root: string) =>
    out.json.flatMap((r) => r.messages.filter((m) => m.ruleId === 'update-forbidden').map((m) => `${path.relative(root, r.filePath)}:${m.line}`));

  it.each([
    ['persistence size in a claim template', 'size: 1Gi', 'size: 2Gi', 'values.yaml:6'],
    ['selector labels', '  app: store', '  app: cache', 'values.yaml:4'],
    ['serviceName', 'serviceName: store-headless', 'serviceName: store-hl', 'values.yaml:2'],
  ])('a values change to %s is update-forbidden at the values line', { timeout: 120_000 }, (_what, from, to, at) => {
    const repo = repository({ store: 'chart-store' });
    repo.write('store/values.yaml', (t) => t.replace(from, to));
    const out = repo.run(['--base', 'HEAD', 'store']);
    expect(forbidden(out, repo.root)).toEqual([`store/${at}`]);
  });

  it('a release name changed in the configuration renames the set: storage-orphaned, from the revision’s configuration', { timeout: 120_000 }, () => {
    const repo = repository({ store: 'chart-store' }, { '.stslint.yaml': 'render:\n  charts:\n    store:\n      releaseName: cache\n' });
    // Unchanged, the revision's configuration gives the same name: nothing to say.
    expect(repo.run(['--base', 'HEAD', 'store']).findings).toEqual([]);
    repo.write('.stslint.yaml', (t) => t.replace('releaseName: cache', 'releaseName: main'));
    const out = repo.run(['--base', 'HEAD', 'store']);
    expect(out.findings).toContain('store/templates/statefulset.yaml:4 storage-orphaned');
    expect(out.messages.join('\n')).toContain('cache-store');
    const plan = stslintPlan(repo);
    expect(plan).toContain('main-store');
    expect(plan).toContain('data-cache-store-0');
    expect(plan).toContain('store/templates/statefulset.yaml');
  });

  it('a values file the revision’s configuration named is the one its render used', { timeout: 120_000 }, () => {
    const repo = repository(
      { store: 'chart-store' },
      { '.stslint.yaml': 'render:\n  charts:\n    store:\n      values: [store/big.yaml]\n', 'store/big.yaml': 'persistence:\n  size: 8Gi\n' },
    );
    repo.write('.stslint.yaml', (t) => t.replace('values: [store/big.yaml]', 'values: []'));
    const out = repo.run(['--base', 'HEAD', 'store']);
    // 8Gi then, values.yaml's 1Gi now: a claim template change (and a shrink).
    expect(forbidden(out, repo.root)).toEqual(['store/values.yaml:6']);
  });

  it('a changed namePrefix renames the overlay’s set: storage-orphaned at the kustomization line, and the plan names the pods', { timeout: 120_000 }, () => {
    const repo = repository({ deploy: 'dev-prod' });
    repo.write('deploy/overlays/prod/kustomization.yaml', (t) => t.replace('namespace: data\n', 'namespace: data\nnamePrefix: eu-\n'));
    repo.commit();
    repo.write('deploy/overlays/prod/kustomization.yaml', (t) => t.replace('namePrefix: eu-', 'namePrefix: us-'));
    const out = repo.run(['--base', 'HEAD', '.']);
    expect(out.findings).toContain('deploy/overlays/prod/kustomization.yaml:4 storage-orphaned');
    expect(out.messages.find((m) => m.includes('eu-db'))).toBeDefined();
    // dev's `db` and prod's `us-db` select the same labels, but never run in one cluster (linted as one graph, they drew selector-overlap).
    expect(out.findings.filter((f) => f.includes('selector-overlap'))).toEqual([]);
    const plan = stslintPlan(repo);
    expect(plan).toContain('us-db-0');
    expect(plan).toContain('data-eu-db-0');
    expect(plan).toContain('deploy/overlays/prod/kustomization.yaml');
    expect(plan).not.toMatch(/\| `?db`? /); // dev's set is unchanged
  });
});
