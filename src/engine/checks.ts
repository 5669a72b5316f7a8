// Which rule checked which resource: reports that count passed checks (JUnit) need the checks
// that found nothing as much as the findings.

import { compareCodePoints } from '../shared/text.js';
import type { ResourceRef } from '../shared/finding.js';
import { refOf, type ResourceGraph } from '../graph/graph.js';
import type { ResourceType } from '../api/kinds.js';

export interface ResourceChecks {
  filePath: string;
  resource: ResourceRef;
  /** Ids of the enabled rules that visited this resource, sorted. */
  rules: string[];
}

/** `coverage`: the resource types each enabled rule visits (as the engine reports them). */
export function resourceChecks(graph: ResourceGraph, coverage: ReadonlyMap<string, readonly ResourceType[]>): ResourceChecks[] {
  const rulesByType = new Map<ResourceType, string[]>();
  for (const [ruleId, types] of [...coverage].sort(([a], [b]) => compareCodePoints(a, b))) {
    for (const type of types) rulesByType.set(type, [...(rulesByType.get(type) ?? []), ruleId]);
  }
  const checks: ResourceChecks[] = [];
  for (const resource of graph.resources) {
    const rules = resource.type ? rulesByType.get(resource.type) : undefined;
    if (rules) checks.push({ filePath: resource.manifest.file.path, resource: refOf(resource), rules });
  }
  return checks;
}
