// Real public manifests (../shared/corpus, beside the repository; absent in a user's clone:
// then these tests are skipped). Each upstream project is linted as its own graph.

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, type LintRun } from '../src/engine/lint.js';

const CORPUS = path.resolve(import.meta.dirname, '../../shared/corpus');
const present = existsSync(CORPUS);

/** Directories holding parts of one upstream project. */
const SAME_PROJECT: Record<string, string> = { 'consul-on-k8s-services': 'consul-on-k8s' };

function projects(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const dir of readdirSync(CORPUS, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const project = SAME_PROJECT[dir.name] ?? dir.name;
    groups.set(project, [...(groups.get(project) ?? []), path.join(CORPUS, dir.name)]);
  }
  return groups;
}

describe.skipIf(!present)('the shared corpus of real manifests', () => {
  // Every rule (preset `all`), so that the advice rules are checked on real files too.
  const runs = new Map<string, LintRun>();
  const defaultRuns = new Map<string, LintRun>();
  const findings = (file: string) => [...runs.values()].flatMap((run) => run.findings).filter((f) => path.relative(CORPUS, f.filePath) === file);
  const rulesIn = (file: string) => findings(file).map((f) => f.ruleId);

  it('lints every project without a crash or an internal error', async () => {
    for (const [project, dirs] of projects()) {
      runs.set(project, await lintFiles(dirs, { preset: 'all' }));
      defaultRuns.set(project, await lintFiles(dirs));
    }
    const all = [...runs.values()];
    expect(all.reduce((n, r) => n + r.stats.files, 0)).toBeGreaterThanOrEqual(76);
    expect(all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    for (const f of all.flatMap((r) => r.findings)) expect(f.loc.line).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['argo-cd/install.yaml', 'service-missing', 'argocd-application-controller'],
    ['csi-hostpath/csi-hostpath-plugin.yaml', 'service-missing', 'csi-hostpathplugin'],
    ['csi-hostpath/csi-hostpath-testing.yaml', 'service-missing', 'hostpath-service` selects these pods'],
    ['es-pires/es-master-stateful.yaml', 'service-missing', 'elasticsearch-master'],
    ['yolean-kafka/51zoo.yml', 'service-missing', 'Service `zoo`'],
    ['k8s-addon-fluentd-es/es-service.yaml', 'service-not-headless', 'elasticsearch-logging'],
    ['longhorn/statefulset.yaml', 'service-not-headless', '`type: NodePort`'],
    ['nfs-ganesha/statefulset.yaml', 'service-not-headless', 'nfs-provisioner'],
    ['gke-samples-cost/statefulset.yaml', 'claim-template-unmounted', 'template `www`'],
    ['rabbitmq-diy-kind/deployment.yaml', 'selector-mismatch', 'app=rabbitmq'],
    ['k8s-contrib-statefulsets/kafka.yaml', 'api-removed', 'apps/v1beta1'],
    ['k8s-contrib-statefulsets/zookeeper.yaml', 'api-removed', 'apps/v1beta1'],
    ['mongo-k8s-sidecar/mongo-statefulset.yaml', 'api-removed', 'apps/v1beta1'],
    ['argo-cd-gitops-engine/elasticsearch-config.json', 'api-removed', 'apps/v1beta1'],
    ['k8s-e2e-nginx/statefulset.yaml', 'api-removed', 'apps/v1beta2'],
    ['k8s-examples-2016/cassandra-petset.yaml', 'api-removed', 'kind: PetSet'],
    ['k8s-contrib-pets/redis.yaml', 'api-removed', 'kind: PetSet'],
    ['k8s-e2e-petset-redis/petset.yaml', 'api-removed', 'kind: PetSet'],
    ['k8s-examples-2016-rename/cassandra-petset.yaml', 'api-removed', 'never served'],
    ['openebs-demo/03-zookeeper.yaml', 'anti-affinity-ineffective', '`app=zk-headless`'],
    ['openebs-demo/03-zookeeper.yaml', 'petset-initialized-annotation', 'ignores it since 1.8'],
    ['openebs-demo/couchbase-statefulset.yml', 'termination-grace-zero', 'StatefulSet `couchbase`'],
    ['k8s-e2e-petset-redis/petset.yaml', 'termination-grace-zero', 'StatefulSet `rd`'],
    ['k8s-examples/cockroachdb-statefulset.yaml', 'pdb-blocks-drain', 'rounded up to 3'],
    ['argo-cd/upstream.yaml', 'pdb-missing', 'argocd-redis-ha-server'],
    ['k8s-website-mysql/mysql-statefulset.yaml', 'pdb-missing', 'StatefulSet `mysql`'],
    ['redis-cluster-sp/redis-cluster.yml', 'pdb-missing', 'StatefulSet `redis-cluster`'],
    ['k8s-contrib-pets/mysql-galera.yaml', 'tolerate-unready-annotation', 'Service `galera`'],
    ['k8s-e2e-petset-redis/service.yaml', 'tolerate-unready-annotation', 'service.beta.kubernetes.io/tolerate-unready-endpoints'],
    ['gke-samples-mysql/c1-mysql.yaml', 'peer-wrong-service', 'hard-codes namespace `mysql1`'],
    ['k8s-examples/cassandra-statefulset.yaml', 'peer-wrong-service', 'hard-codes namespace `default`'],
    ['k8s-examples/minio-distributed-statefulset.yaml', 'peer-wrong-service', '`minio-3.minio.default.svc.cluster.local`'],
    ['k8s-contrib-pets/redis.yaml', 'init-container-annotation', 'pod.alpha.kubernetes.io/init-containers'],
    ['k8s-examples-2016/cockroachdb-petset.yaml', 'init-container-annotation', 'init container `bootstrap`'],
    ['kompose/output-k8s.yaml', 'duplicate-resource', 'StatefulSet `db`'],
    ['longhorn/statefulset.yaml', 'storage-class-missing', 'did you mean `longhorn-test`'],
    ['k8s-contrib-pets/redis.yaml', 'storage-class-missing', 'volume.alpha.kubernetes.io/storage-class'],
    ['argo-cd/upstream.yaml', 'no-stable-storage', 'argocd-redis-ha-server'],
    ['k8s-addon-fluentd-es/es-statefulset.yaml', 'no-stable-storage', 'elasticsearch-logging'],
    ['rabbitmq-diy-minikube/statefulset.yaml', 'no-stable-storage', 'rabbitmq'],
    // Its only emptyDir holds the pid file (/var/run/nats): not suggested as the data volume.
    ['nats-k8s/simple-nats.yml', 'no-stable-storage', 'mounts no persistent volume'],
  ])('%s: %s', (file, ruleId, text) => {
    const matching = findings(file).filter((f) => f.ruleId === ruleId);
    expect(matching.map((f) => f.message).join('\n')).toContain(text);
  });

  it('leaves alone peers whose readiness does not wait for them (issue 20)', () => {
    // NATS checks its monitoring port under OrderedReady; ZooKeeper answers `ruok` before any quorum.
    expect(rulesIn('nats-k8s/simple-nats.yml')).not.toContain('peer-discovery-not-ready');
    expect(rulesIn('yolean-kafka/50pzoo.yml')).not.toContain('peer-discovery-not-ready');
    expect(rulesIn('yolean-kafka/51zoo.yml')).not.toContain('peer-discovery-not-ready');
  });

  it('finds the governing Service in another file of the same project', () => {
    expect(rulesIn('consul-on-k8s/consul.yaml')).not.toContain('service-missing');
    expect(rulesIn('k8s-examples/cassandra-statefulset.yaml')).not.toContain('service-missing');
    expect(rulesIn('yolean-kafka/50kafka.yml')).not.toContain('service-missing');
  });

  it('draws no error on well-formed StatefulSets', () => {
    for (const file of [
      'k8s-website-web/web.yaml',
      'k8s-website-mysql/mysql-statefulset.yaml',
      'k8s-examples/simple-statefulset.yaml',
      'k8s-examples/minio-distributed-statefulset.yaml',
      'kube-thanos/thanos-store-statefulSet.yaml',
      'yolean-kafka/50kafka.yml',
      'consul-on-k8s/consul.yaml',
      'kompose/output-k8s.json',
      'redis-cluster-sp/redis-cluster.yml',
    ]) {
      expect(
        findings(file)
          .filter((f) => f.severity === 'error')
          .map((f) => f.message),
        file,
      ).toEqual([]);
    }
  });

  it('draws no rollout or disruption finding on a well-written production StatefulSet', () => {
    const rollout = [
      'readiness-probe-missing',
      'forced-rollback-risk',
      'max-unavailable-ineffective',
      'termination-grace-zero',
      'pdb-missing',
      'pdb-blocks-drain',
      'pdb-selector-mismatch',
      'anti-affinity-missing',
      'anti-affinity-ineffective',
    ];
    for (const file of ['gke-samples-mysql/c1-mysql.yaml', 'gke-samples-mysql/mysql-pdb-maxunavailable.yaml']) {
      expect(
        findings(file)
          .filter((f) => rollout.includes(f.ruleId ?? ''))
          .map((f) => f.message),
        file,
      ).toEqual([]);
    }
    // Its budget and anti-affinity are recognised, not merely absent from the output.
    expect(rulesIn('openebs-demo/03-zookeeper.yaml')).not.toContain('pdb-missing');
  });

  it('stays quiet where the upstream pattern is harmless', () => {
    // No readiness probe: each MinIO pod is Ready, and published, as soon as it runs.
    expect(rulesIn('k8s-examples/minio-distributed-headless-service.yaml')).not.toContain('peer-discovery-not-ready');
    // `datadir` is a placeholder the claim template fills in.
    expect(rulesIn('k8s-examples/cockroachdb-statefulset.yaml')).not.toContain('claim-template-shadows-volume');
    // install.yaml holds the same StatefulSet as the file it was rendered from: nothing is lost.
    expect(rulesIn('argo-cd/install.yaml')).not.toContain('duplicate-resource');
  });

  it('shows at most one suggestion per StatefulSet by default (preset recommended)', () => {
    const all = [...defaultRuns.values()];
    const sets = all.flatMap((run) => run.checks).filter((c) => c.resource.kind === 'StatefulSet' || c.resource.kind === 'PetSet').length;
    const info = all.flatMap((run) => run.findings).filter((f) => f.severity === 'info');
    expect(sets).toBeGreaterThan(40);
    expect(info.length).toBeLessThanOrEqual(sets);
    // Advice that depends on the application is opt-in.
    for (const ruleId of ['pdb-missing', 'anti-affinity-missing', 'readiness-probe-missing', 'access-mode-prefer-rwop']) {
      expect(info.filter((f) => f.ruleId === ruleId)).toEqual([]);
    }
  });

  it('explains the apps/v1beta1 defaults when targeting a release that serves them', async () => {
    const run = await lintFiles([path.join(CORPUS, 'k8s-contrib-statefulsets')], { kubernetesVersion: '1.15' });
    const messages = run.findings.filter((f) => f.ruleId === 'v1beta1-semantics').map((f) => `${path.basename(f.filePath)}: ${f.message}`);
    expect(messages.filter((m) => m.startsWith('kafka.yaml'))).toHaveLength(2);
    expect(messages.join('\n')).toContain('defaults it to OnDelete');
  });

  it('reads the PetSet-era init-container annotations that kubectl accepted', () => {
    for (const file of ['k8s-contrib-pets/mysql-galera.yaml', 'k8s-contrib-pets/zookeeper.yaml', 'k8s-e2e-petset-redis/petset.yaml']) {
      expect(
        findings(file).filter((f) => f.fatal),
        file,
      ).toEqual([]);
    }
  });
});
