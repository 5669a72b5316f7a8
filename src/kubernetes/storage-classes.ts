// Which StorageClass of the input a claim (or a claim template) gets: the one it names (field or
// the beta annotation, see `claimClass`), or, when it names none, the class the input marks as
// the cluster default (`storageclass.kubernetes.io/is-default-class: "true"`, read by the
// DefaultStorageClass admission plugin). `storageClassName: ""` asks for no class at all.

import type { Resource, ResourceGraph } from '../graph/graph.js';
import { claimClass } from '../api/storage.js';
import { asRecord, type JsonRecord } from '../shared/value.js';

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The StorageClass of the input marked as the default, when there is one. */
export function defaultStorageClass(graph: ResourceGraph): Resource | undefined {
  return graph.ofType('StorageClass').find((c) => asRecord(asRecord(c.obj.metadata)?.annotations)?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

/** The StorageClass of the input a claim gets: the one it names, or the input's default class when it names none. */
export function storageClassOf(graph: ResourceGraph, claim: JsonRecord): Resource | undefined {
  const written = claimClass(claim);
  if (written) return written.name ? graph.get('StorageClass', '', written.name) : undefined;
  return defaultStorageClass(graph);
}
