// Related information: the other objects a finding's message names (`Service \`web\``,
// `StatefulSet \`a\` and \`b\``), found in the graph, so that an editor can jump from a set's
// finding to its Service in another file and back. Every message names the objects involved
// (a rule of the house), so this needs nothing from the rules themselves.

import type { ResourceRef } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { isClusterScoped, type ResourceType } from '../api/kinds.js';

const KINDS: readonly ResourceType[] = [
  'StatefulSet',
  'Service',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'EndpointSlice',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'DaemonSet',
  'Namespace',
  'NetworkPolicy',
];

// `Kind \`name\``, `Kind \`a\`, \`b\` and \`c\`` (names.ts listAnd); longest kinds first so that
// `PersistentVolumeClaim` is not read as `PersistentVolume`.
const NAMED = new RegExp(`\\b(${[...KINDS].sort((a, b) => b.length - a.length).join('|')}) ((?:\`[^\`\\n]+\`)(?:(?:, | and )\`[^\`\\n]+\`)*)`, 'g');

export interface NamedObject {
  resource: Resource;
  /** How the message names it, e.g. `Service \`web\``. */
  label: string;
}

/** The objects `message` names that exist in `graph`, other than the finding's own object. */
export function namedObjects(message: string, own: ResourceRef | undefined, graph: ResourceGraph): NamedObject[] {
  const found: NamedObject[] = [];
  const seen = new Set<Resource>();
  for (const match of message.matchAll(NAMED)) {
    const kind = match[1] as ResourceType;
    for (const quoted of match[2]!.matchAll(/`([^`]+)`/g)) {
      const name = quoted[1]!;
      const namespace = isClusterScoped(kind) ? '' : (own?.namespace ?? graph.settings.namespace);
      const resource = graph.get(kind, namespace, name);
      if (!resource || seen.has(resource) || isOwn(resource, own)) continue;
      seen.add(resource);
      found.push({ resource, label: `${kind} \`${name}\`` });
    }
  }
  return found;
}

function isOwn(resource: Resource, own: ResourceRef | undefined): boolean {
  return resource.kind === own?.kind && resource.name === own.name && resource.namespace === own.namespace;
}
