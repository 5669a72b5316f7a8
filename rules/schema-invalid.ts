import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { SCHEMA_MESSAGES } from '../src/schema/messages.js';
import { recordedSchemaProblems, schemaProblems } from '../src/schema/validate.js';

export default defineRule({
  id: 'schema-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'Every field must exist in the Kubernetes API of the target release and hold a value of the right type (`--kubernetes-version`).',
    messages: SCHEMA_MESSAGES,
  },
  create: ({ graph, report }) => {
    const check = (resource: Resource): void => {
      // Usually found already while the file was processed (src/input/pipeline.ts).
      const precomputed = recordedSchemaProblems(resource.manifest);
      const problems =
        precomputed !== undefined
          ? precomputed
          : schemaProblems(
              { manifest: resource.manifest, obj: resource.obj, apiVersion: resource.apiVersion, kind: resource.kind, name: resource.name },
              graph.settings.kubernetesVersion,
            );
      for (const problem of problems ?? []) {
        report({ resource, path: problem.path, on: problem.on, messageId: problem.messageId, data: problem.data });
      }
    };
    // The kinds stslint has schemas for (scripts/gen-schemas.mjs); others are counted as not validated.
    return {
      StatefulSet: check,
      Service: check,
      PersistentVolumeClaim: check,
      PersistentVolume: check,
      StorageClass: check,
      PodDisruptionBudget: check,
      HorizontalPodAutoscaler: check,
      ConfigMap: check,
      Secret: check,
      Namespace: check,
    };
  },
});
