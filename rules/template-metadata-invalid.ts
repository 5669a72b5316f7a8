import { validatesAt } from '../src/api/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { ANNOTATIONS_SIZE_MAX, annotationKeyProblems, annotationsSize, labelProblems } from '../src/api/validation.js';
import type { StatefulSetView } from '../src/kubernetes/statefulset.js';
import { asArray, asRecord, asStringMap } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const MIRROR = 'kubernetes.io/config.mirror';
const TOLERATIONS = 'scheduler.alpha.kubernetes.io/tolerations';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

export default defineRule({
  id: 'template-metadata-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: "The pod template's labels and annotations must be valid, including the annotations the API server checks for pods.",
    messages: {
      labelKey:
        'Pod template label key `{{key}}` of StatefulSet `{{set}}` is invalid: {{reason}}, so the API server rejects the object. ' +
        'Use letters, digits, `-`, `_` and `.` (at most 63), optionally after a DNS prefix and `/`, e.g. `app.kubernetes.io/name`.',
      labelValue:
        'Pod template label `{{key}}: {{value}}` of StatefulSet `{{set}}` has an invalid value: {{reason}}, so the API server rejects the object. ' +
        'Use at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.',
      annotationKey:
        'Pod template annotation key `{{key}}` of StatefulSet `{{set}}` is invalid: {{reason}}, so the API server rejects the object. ' +
        'Use letters, digits, `-`, `_` and `.`, optionally after a DNS prefix and `/`, e.g. `example.com/owner`.',
      annotationsTooLarge:
        'The pod template annotations of StatefulSet `{{set}}` take {{size}} bytes, more than the 262144 (256 KiB) the API server allows, so it rejects the object. ' +
        'Move large data into a ConfigMap and mount it.',
      deletionCost:
        'Pod template annotation `controller.kubernetes.io/pod-deletion-cost: "{{value}}"` of StatefulSet `{{set}}` is not a 32-bit integer (no `+`, no leading zeros), so the API server rejects the object. ' +
        'Use an integer such as `"100"`, or remove it: StatefulSets scale down by ordinal and ignore pod deletion cost anyway.',
      mirror:
        'StatefulSet `{{set}}` puts the static-pod annotation `kubernetes.io/config.mirror` on its pod template, which "must set spec.nodeName", so the API server rejects the object. ' +
        'Remove the annotation: only the kubelet sets it, on mirror pods.',
      tolerations:
        'Pod template annotation `scheduler.alpha.kubernetes.io/tolerations` of StatefulSet `{{set}}` is not a JSON list of tolerations, so the API server rejects the object. ' +
        'Remove the annotation and use `spec.template.spec.tolerations`.',
      seccomp:
        'Pod template annotation `{{key}}: {{value}}` of StatefulSet `{{set}}` is not a valid seccomp profile, so the API server rejects the object. ' +
        'Use `securityContext.seccompProfile` (the annotation does nothing since 1.27), or a value of `runtime/default`, `unconfined` or `localhost/<relative path>`.',
      apparmorContainer:
        'Pod template annotation `{{key}}` of StatefulSet `{{set}}` names container `{{container}}`, which the pod does not have ("container not found"), so the API server rejects the object. ' +
        'Rename the annotation after an existing container, or better use `securityContext.appArmorProfile`.',
      apparmorProfile:
        'Pod template annotation `{{key}}: {{value}}` of StatefulSet `{{set}}` is not a valid AppArmor profile, so the API server rejects the object. ' +
        'Use `runtime/default`, `unconfined` or `localhost/<profile>`, or better `securityContext.appArmorProfile`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const metadata = asRecord(asRecord(sts.spec?.template)?.metadata);
      const base = ['spec', 'template', 'metadata'];
      const set = sts.name;
      const labels = asStringMap(metadata?.labels) ?? {};
      for (const { key, on, reason } of labelProblems(labels)) {
        report({
          resource,
          path: [...base, 'labels', key],
          on,
          messageId: on === 'key' ? 'labelKey' : 'labelValue',
          data: { set, key, value: labels[key]!, reason },
        });
      }
      const annotations = asStringMap(metadata?.annotations) ?? {};
      for (const { key, reason } of annotationKeyProblems(annotations)) {
        report({ resource, path: [...base, 'annotations', key], on: 'key', messageId: 'annotationKey', data: { set, key, reason } });
      }
      const size = annotationsSize(annotations);
      if (size > ANNOTATIONS_SIZE_MAX) report({ resource, path: [...base, 'annotations'], messageId: 'annotationsTooLarge', data: { set, size } });

      const at = (key: string) => [...base, 'annotations', key];
      const cost = annotations[DELETION_COST];
      // Validated only where the PodDeletionCost gate is on (scripts/data/create-validation.tsv).
      if (cost !== undefined && !isInt32(cost) && validatesAt('pod-deletion-cost-annotation', graph.settings.kubernetesVersion))
        report({ resource, path: at(DELETION_COST), messageId: 'deletionCost', data: { set, value: cost } });
      if (annotations[MIRROR] !== undefined && !asRecord(sts.podSpec)?.nodeName)
        report({ resource, path: at(MIRROR), on: 'key', messageId: 'mirror', data: { set } });
      const tolerations = annotations[TOLERATIONS];
      if (tolerations && !isTolerationList(tolerations)) report({ resource, path: at(TOLERATIONS), messageId: 'tolerations', data: { set } });
      const containers = containerNames(sts);
      for (const [key, value] of Object.entries(annotations)) {
        if ((key === SECCOMP_POD || key.startsWith(SECCOMP_CONTAINER)) && !isSeccompProfile(value)) {
          report({ resource, path: at(key), messageId: 'seccomp', data: { set, key, value } });
        }
        if (!key.startsWith(APPARMOR_CONTAINER)) continue;
        const container = key.slice(APPARMOR_CONTAINER.length);
        if (!containers.has(container)) report({ resource, path: at(key), on: 'key', messageId: 'apparmorContainer', data: { set, key, container } });
        if (!isAppArmorProfile(value)) report({ resource, path: at(key), messageId: 'apparmorProfile', data: { set, key, value } });
      }
    },
  }),
});

/** GetDeletionCostFromPodAnnotations: `-`, `0` alone or 1–9 first, then strconv.ParseInt(…, 32). */
function isInt32(value: string): boolean {
  if (!/^(-?[0-9]+)$/.test(value)) return false;
  if (!(value.startsWith('-') || value === '0' || (value[0]! >= '1' && value[0]! <= '9'))) return false;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= INT32.min && n <= INT32.max;
}

function isTolerationList(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((t) => asRecord(t) !== undefined);
  } catch {
    return false;
  }
}

/** ValidateSeccompProfile. */
function isSeccompProfile(value: string): boolean {
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return true;
  if (!value.startsWith('localhost/')) return false;
  const path = value.slice('localhost/'.length);
  return !path.startsWith('/') && !path.split('/').includes('..');
}

/** ValidateProfileFormat (AppArmor annotations). */
function isAppArmorProfile(value: string): boolean {
  return value === '' || value === 'runtime/default' || value === 'unconfined' || value.startsWith('localhost/');
}

function containerNames(sts: StatefulSetView): Set<string> {
  const names = new Set(sts.containers.map((c) => c.name));
  for (const item of asArray(sts.podSpec?.ephemeralContainers)) {
    const name = asRecord(item)?.name;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}
