// Which rule checked which resource: reports that count passed checks (JUnit) need the checks
// that found nothing as much as the findings.

import { compareCodePoints } from '../shared/text.js';
import type { ResourceRef } from '../shared/finding.js';
import { refOf, type ResourceGraph } from '../graph/graph.js';
import type { ResourceType } from '../api/kinds.js';
import type { VisitedType } from './rule.js';

export interface ResourceChecks {
  filePath: string;
  resource: ResourceRef;
  /** Ids of the enabled rules that visited this resource, sorted. */
  rules: string[];
}

/** `coverage`: the resource types each enabled rule visits (as the engine reports them). */
export function resourceChecks(graph: ResourceGraph, coverage: ReadonlyMap<string, readonly VisitedType[]>): ResourceChecks[] {
  const rulesByType = new Map<ResourceType, string[]>();
  // Rules that visit every resource (`'*'`), whatever its kind.
  const everyResource: string[] = [];
  for (const [ruleId, types] of [...coverage].sort(([a], [b]) => compareCodePoints(a, b))) {
    for (const type of types) {
      if (type === '*') everyResource.push(ruleId);
      else rulesByType.set(type, [...(rulesByType.get(type) ?? []), ruleId]);
    }
  }
  const checks: ResourceChecks[] = [];
  for (const resource of graph.resources) {
    const typed = resource.type ? (rulesByType.get(resource.type) ?? []) : [];
    const rules = everyResource.length === 0 ? typed : [...new Set([...typed, ...everyResource])].sort(compareCodePoints);
    if (rules.length > 0) checks.push({ filePath: resource.manifest.file.path, resource: refOf(resource), rules });
  }
  return checks;
}
