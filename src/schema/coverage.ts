// How many resources of a run were not checked against an API schema, for the run's stats.

import type { ResourceGraph } from '../graph.js';
import { hasSchema } from './validate.js';

export const SCHEMA_RULE_ID = 'schema-invalid';

export function countUnvalidated(graph: ResourceGraph, schemaRuleEnabled: boolean): number {
  if (!schemaRuleEnabled) return graph.resources.length;
  const target = graph.settings.kubernetesVersion;
  return graph.resources.filter((r) => !hasSchema(r.apiVersion, r.kind, target)).length;
}
