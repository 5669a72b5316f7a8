import { defineRule } from '../src/engine/rule.js';
import { createValidation, firstRelease, validatesAt } from '../src/api/facts/index.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import { formatVersion, type KubernetesVersion } from '../src/api/version.js';
import { asRecord } from '../src/shared/value.js';

/**
 * How the API server of `target` refuses the field (scripts/data/create-validation.tsv): with the words
 * of the release where the sources settle them, without words where they do not, and not at all
 * before the first release known to check it.
 */
function rejection(target: KubernetesVersion): string | undefined {
  if (!validatesAt('statefulset-active-deadline', target)) return undefined;
  if (validatesAt('statefulset-active-deadline-must-not-be-specified', target)) return ' ("must not be specified")';
  if (validatesAt('statefulset-active-deadline-not-supported', target)) return ' ("activeDeadlineSeconds in StatefulSet is not Supported")';
  return '';
}

export default defineRule({
  id: 'active-deadline-seconds',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "A StatefulSet's pod template may not set `activeDeadlineSeconds`.",
    messages: {
      forbidden:
        'StatefulSet `{{set}}` sets `activeDeadlineSeconds` in its pod template; the API server rejects it{{words}}, because a deadline would kill long-running pods that the controller then recreates. ' +
        'Remove `activeDeadlineSeconds`; use a Job for work with a deadline.',
      forbiddenAdvanced:
        'Advanced StatefulSet `{{set}}` sets `activeDeadlineSeconds` in its pod template; OpenKruise\'s webhook rejects it ("activeDeadlineSeconds in StatefulSet is not Supported"), because a deadline would kill long-running pods that the controller then recreates. ' +
        'Remove `activeDeadlineSeconds`; use a Job for work with a deadline.',
      notChecked:
        'StatefulSet `{{set}}` sets `activeDeadlineSeconds` in its pod template: each pod is stopped once that many seconds have passed and the controller recreates it, so the members keep restarting. ' +
        'Whether the API server of Kubernetes {{target}} rejects the field is not settled (it does from {{checked}}). Remove `activeDeadlineSeconds`; use a Job for work with a deadline.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const podSpec = asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.spec);
      const value = podSpec?.activeDeadlineSeconds;
      if (value === undefined || value === null) return;
      const path = ['spec', 'template', 'spec', 'activeDeadlineSeconds'];
      const target = graph.settings.kubernetesVersion;
      // OpenKruise's webhook runs the same check whatever the Kubernetes release (validateActiveDeadlineSeconds).
      if (isAdvancedStatefulSet(resource)) {
        report({ resource, path, on: 'key', messageId: 'forbiddenAdvanced', data: { set: resource.name } });
        return;
      }
      const words = rejection(target);
      if (words === undefined) {
        const checked = firstRelease(createValidation, 'statefulset-active-deadline')!;
        report({ resource, path, on: 'key', messageId: 'notChecked', data: { set: resource.name, target: formatVersion(target), checked } });
      } else report({ resource, path, on: 'key', messageId: 'forbidden', data: { set: resource.name, words } });
    },
  }),
});
