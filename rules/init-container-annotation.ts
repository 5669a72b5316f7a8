import { stringify } from 'yaml';
import { defineRule } from '../src/engine/rule.js';
import { asArray, asRecord, asString, asStringMap, getIn } from '../src/shared/value.js';
import { formatVersion } from '../src/api/version.js';
import { behavesAt, validatesAt } from '../src/api/facts/index.js';
import { listAnd } from '../src/shared/text.js';

/** The annotations that carried init containers before `initContainers` (alpha 1.3, beta 1.4–1.7). */
const ANNOTATIONS = ['pod.beta.kubernetes.io/init-containers', 'pod.alpha.kubernetes.io/init-containers'];

export default defineRule({
  id: 'init-container-annotation',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    fixable: 'code',
    description:
      'Init containers declared in the `pod.alpha.kubernetes.io/init-containers` or `pod.beta.kubernetes.io/init-containers` annotation are ignored since Kubernetes 1.8: declare them in `initContainers`.',
    messages: {
      ignored:
        '{{kind}} `{{set}}` declares init container{{plural}} {{names}} in the pod template annotation `{{annotation}}`, which Kubernetes ignores since 1.8{{stripped}} (target {{target}}): {{consequence}}. ' +
        'Move {{them}} to the pod spec and remove the annotation: `initContainers: {{yaml}}` under `spec.template.spec`.',
      redundant:
        '{{kind}} `{{set}}` declares init container{{plural}} {{names}} both in `initContainers` and in the pod template annotation `{{annotation}}`, which Kubernetes ignores since 1.8{{stripped}} (target {{target}}). ' +
        'Remove the annotation: only `initContainers` counts.',
      unreadable:
        '{{kind}} `{{set}}` sets the pod template annotation `{{annotation}}`, which Kubernetes ignores since 1.8{{stripped}} (target {{target}}), and its value is not a JSON list of containers ({{reason}}), so its init containers never run. ' +
        'Declare them as a list under `spec.template.spec.initContainers` and remove the annotation.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const target = graph.settings.kubernetesVersion;
      // scripts/data/cluster-behaviour.tsv and create-validation.tsv: ignored from 1.8 (kubernetes#51816),
      // removed by the API server on every write from 1.10 (kubernetes#59880, also in later 1.8 and 1.9 patches).
      if (!behavesAt('init-container-annotations-ignored', target)) return;
      const stripped = validatesAt('init-container-annotations', target) ? ', and the API server removes it from the object it stores' : '';
      const written = asRecord(asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.metadata)?.annotations);
      // Most templates have no annotations: nothing to read.
      if (!written) return;
      const annotations = asStringMap(written) ?? {};
      const declared = new Set(
        asArray(getIn(resource.obj, ['spec', 'template', 'spec', 'initContainers']))
          .map((c) => asString(asRecord(c)?.name))
          .filter((n): n is string => n !== undefined),
      );
      for (const annotation of ANNOTATIONS) {
        const value = annotations[annotation];
        if (value === undefined) continue;
        const base = { kind: resource.kind, set: resource.name, annotation, target: formatVersion(target), stripped };
        const at = { resource, path: ['spec', 'template', 'metadata', 'annotations', annotation], on: 'key' as const };
        const parsed = parseContainers(value);
        if (typeof parsed === 'string') {
          report({ ...at, messageId: 'unreadable', data: { ...base, reason: parsed } });
          continue;
        }
        if (parsed.length === 0) continue;
        const names = parsed.map((c) => asString(c.name) ?? '(unnamed)');
        const plural = names.length === 1 ? '' : 's';
        const consequence =
          names.length === 1
            ? 'it never runs, so what it prepares (peer discovery, configuration, data directories) is never done'
            : 'they never run, so what they prepare (peer discovery, configuration, data directories) is never done';
        const data = { ...base, plural, names: listAnd(names), consequence, them: names.length === 1 ? 'it' : 'them' };
        const removeAnnotation = { op: 'remove', path: at.path } as const;
        if (names.every((n) => declared.has(n))) {
          report({ ...at, messageId: 'redundant', severity: 'info', data, fix: [removeAnnotation] });
          continue;
        }
        // Moved as the message says when the pod spec has no `initContainers` yet; merging into a list
        // that holds others is the user's call.
        const hasList = getIn(resource.obj, ['spec', 'template', 'spec', 'initContainers']) !== undefined;
        const fix = hasList ? undefined : [{ op: 'set', path: ['spec', 'template', 'spec', 'initContainers'], value: parsed } as const, removeAnnotation];
        report({ ...at, messageId: 'ignored', data: { ...data, yaml: flowYaml(parsed) }, ...(fix ? { fix } : {}) });
      }
    },
  }),
});

/** The annotation's containers, or why they cannot be read. */
function parseContainers(value: string): Record<string, unknown>[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return `JSON.parse: ${(error as Error).message}`;
  }
  if (!Array.isArray(parsed)) return 'it is not a list';
  const containers = parsed.map((c) => asRecord(c));
  if (containers.some((c) => c === undefined)) return 'an entry is not an object';
  return containers as Record<string, unknown>[];
}

/** The containers as one line of YAML flow style, ready to paste. */
function flowYaml(containers: readonly Record<string, unknown>[]): string {
  return stringify(containers, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
