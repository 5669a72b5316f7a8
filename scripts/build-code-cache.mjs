#!/usr/bin/env node
// Writes V8 code caches (src/shared/code-cache.ts) for what every run loads: the CLI bundle and
// the schema validators of the newest release (the default target), after a sample run so that
// the functions a run uses are compiled in them. Part of `npm run build`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWithCodeCache } from '../dist/src/shared/code-cache.js';
import { validatorFile } from '../dist/src/schema/validators.js';
import { NEWEST_RELEASE, schemaRootFor } from '../dist/src/schema/releases.js';
import { SCHEMA_ROOTS } from '../dist/src/schema/catalog.generated.js';
import { parseSource } from '../dist/src/yaml/parse.js';
import { createSourceFile } from '../dist/src/yaml/source.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'stslint-code-cache-'));
// A typical small StatefulSet: what a run compiles for it is what the caches should hold.
const sample = path.join(dir, 'sample.yaml');
writeFileSync(
  sample,
  `apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Service
metadata: {name: web, labels: {app: web}}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http, containerPort: 80}]
          env:
            - name: LOG_LEVEL
              valueFrom: {configMapKeyRef: {name: web-config, key: LOG_LEVEL}}
          readinessProbe:
            httpGet: {path: /healthz, port: http}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          volumeMounts:
            - {name: www, mountPath: /usr/share/nginx/html}
            - {name: config, mountPath: /etc/web}
      volumes:
        - name: config
          configMap: {name: web-config}
  volumeClaimTemplates:
    - metadata: {name: www}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
);
// The sample's objects, validated below by their validators: a run proves valid objects valid
// without loading a validator (src/schema/plainly-valid.ts), so the sample run compiles into the
// validators' caches only what an invalid object reaches; these calls compile what a real object
// of the kind reaches, as a run that meets an invalid one needs.
const sampleObjects = parseSource(createSourceFile(sample, readFileSync(sample, 'utf8'))).manifests.map((m) => m.obj);
let validators = 0;
for (const key of Object.keys(SCHEMA_ROOTS)) {
  const slash = key.lastIndexOf('/');
  const rootName = schemaRootFor(NEWEST_RELEASE, key.slice(0, slash), key.slice(slash + 1));
  if (!rootName) continue;
  rmSync(validatorFile(rootName) + '.v8cache', { force: true });
  const loaded = loadWithCodeCache(validatorFile(rootName));
  // Validating a small object compiles the validator's entry functions into the cache too; the
  // sample run below then rewrites the caches of the validators it uses (src/schema/validators.ts).
  loaded.exports({ apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), metadata: { name: 'x', labels: { a: 'b' } }, spec: {} });
  for (const obj of sampleObjects) if (`${obj.apiVersion}/${obj.kind}` === key) loaded.exports(obj);
  loaded.saveCache();
  validators++;
}
// A cache V8 accepts is kept with the names it was made under (a stack trace would then show
// another checkout's paths): each cache is made afresh.
rmSync(path.join(root, 'dist/bundle/stslint.cjs.v8cache'), { force: true });
// Two runs, json with every rule on (what tools and the bench read; the rules outside the
// default preset are ~120 KB of the cache, and compiling them lazily cost a --preset all run more
// than deserializing them costs a default one) then the default format (a person at a terminal):
// the second loads the first's caches, whose functions are then all compiled, and writes them
// back with its own added.
try {
  for (const format of [['--format', 'json', '--preset', 'all'], []]) {
    try {
      execFileSync(process.execPath, [path.join(root, 'dist/bundle/cli.cjs'), ...format, sample], {
        env: { ...process.env, STSLINT_WRITE_CODE_CACHE: '1' },
        stdio: 'ignore',
      });
    } catch (error) {
      // Findings exit 1; the caches are written on exit either way.
      if (error.status !== 1) throw error;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`build-code-cache: the CLI bundle and ${validators} validators`);
