import { defineRule } from '../src/engine/rule.js';
import { asStringMap, getIn } from '../src/shared/value.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';

const ANNOTATION = 'pod.alpha.kubernetes.io/initialized';
const PATH = ['spec', 'template', 'metadata', 'annotations', ANNOTATION];

/** strconv.ParseBool, which the PetSet and StatefulSet controllers used to read the annotation. */
function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

export default defineRule({
  id: 'petset-initialized-annotation',
  meta: {
    // Info where the annotation is redundant or ignored (every release since 1.8); warning where it pauses the set.
    severity: 'info',
    preset: 'recommended',
    description:
      'The PetSet-era pod annotation `pod.alpha.kubernetes.io/initialized` pauses a PetSet when absent (1.3–1.4) and a StatefulSet when `"false"` (1.5–1.7), and is ignored since 1.8.',
    messages: {
      petSetPaused:
        'PetSet `{{set}}` {{state}}: on Kubernetes {{target}} a PetSet pod counts as healthy only when that annotation is `"true"`, so the PetSet creates its first pod and then waits forever. ' +
        'Add `{{annotation}}: "true"` to `spec.template.metadata.annotations` (use `"false"` only to pause the PetSet on purpose).',
      paused:
        'StatefulSet `{{set}}` sets `{{annotation}}: "{{value}}"` in its pod template: on Kubernetes {{target}} this debug annotation marks every pod as not ready, so the set creates its first pod and then pauses. ' +
        'Remove the annotation (it defaults to true) unless pausing the set is intended.',
      obsolete:
        '{{kind}} `{{set}}` sets the PetSet-era annotation `{{annotation}}` in its pod template, but {{why}}. ' +
        'Remove the annotation; to hold a rollout use `updateStrategy.rollingUpdate.partition` instead.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const target = graph.settings.kubernetesVersion;
      const annotations = asStringMap(getIn(resource.obj, ['spec', 'template', 'metadata', 'annotations'])) ?? {};
      const present = Object.prototype.hasOwnProperty.call(annotations, ANNOTATION);
      const value = annotations[ANNOTATION];
      const parsed = parseGoBool(value);
      const base = { set: resource.name, annotation: ANNOTATION, target: formatVersion(target) };

      if (!isAtLeast(target, '1.5')) {
        // Only PetSets existed; the 1.3–1.4 health check wanted the annotation, parsed as true.
        if (resource.kind !== 'PetSet' || parsed === true) return;
        const state = present ? `sets \`${ANNOTATION}: "${value ?? ''}"\`` : `has no \`${ANNOTATION}\` annotation on its pod template`;
        report({ resource, path: PATH, on: 'key', messageId: 'petSetPaused', severity: 'warning', data: { ...base, state } });
        return;
      }
      if (!present) return;
      if (!isAtLeast(target, '1.8') && parsed === false) {
        report({ resource, path: PATH, on: 'key', messageId: 'paused', severity: 'warning', data: { ...base, value: value ?? '' } });
        return;
      }
      const why = isAtLeast(target, '1.8')
        ? `Kubernetes ignores it since 1.8 (target: ${formatVersion(target)})`
        : parsed === true
          ? `it defaults to true since 1.5, so on Kubernetes ${formatVersion(target)} it changes nothing`
          : `its value is not a boolean, so Kubernetes ${formatVersion(target)} ignores it`;
      report({ resource, path: PATH, on: 'key', messageId: 'obsolete', data: { ...base, kind: resource.kind, why } });
    },
  }),
});
