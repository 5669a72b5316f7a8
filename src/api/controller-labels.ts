// The labels the StatefulSet controller writes on every pod it creates, whatever the pod
// template says (pkg/controller/statefulset/stateful_set_utils.go: updateIdentity, setPodRevision).

import { isAtLeast, type KubernetesVersion } from './version.js';

export interface ControllerLabel {
  readonly key: string;
  /** What the value is, for messages. */
  readonly meaning: string;
  /** The release from which the controller sets it. */
  readonly since: string;
  /** The value on the pod of `ordinal`; undefined when it cannot be known (a hash). */
  value(set: string, ordinal: number): string | undefined;
}

export const CONTROLLER_LABELS: readonly ControllerLabel[] = [
  { key: 'controller-revision-hash', meaning: "the name of the pod's ControllerRevision, `<set>-<hash>`", since: '1.7', value: () => undefined },
  { key: 'statefulset.kubernetes.io/pod-name', meaning: "the pod's own name", since: '1.9', value: (set, ordinal) => `${set}-${ordinal}` },
  // PodIndexLabel: beta (on by default) in 1.28, GA in 1.32.
  { key: 'apps.kubernetes.io/pod-index', meaning: "the pod's ordinal", since: '1.28', value: (_, ordinal) => String(ordinal) },
];

const BY_KEY = new Map(CONTROLLER_LABELS.map((l) => [l.key, l]));

export function controllerLabel(key: string): ControllerLabel | undefined {
  return BY_KEY.get(key);
}

/** Whether the controller of the target release writes this label. */
export function isManaged(label: ControllerLabel, version: KubernetesVersion): boolean {
  return isAtLeast(version, label.since);
}
