// How schema validation sits in a run: what it did not validate, and what other rules already say.

import type { Finding } from '../shared/finding.js';
import type { ResourceGraph } from '../graph/graph.js';
import { hasSchema } from '../schema/validate.js';

export const SCHEMA_RULE_ID = 'schema-invalid';

export function countUnvalidated(graph: ResourceGraph, schemaRuleEnabled: boolean, reported?: ReadonlySet<string>): number {
  const resources = reported ? graph.resources.filter((r) => reported.has(r.manifest.file.path)) : graph.resources;
  if (!schemaRuleEnabled) return resources.length;
  const target = graph.settings.kubernetesVersion;
  return resources.filter((r) => !hasSchema(r.apiVersion, r.kind, target)).length;
}

/**
 * One root cause, one finding: where a dedicated rule reports the very node a schema finding
 * points at (a missing `spec.selector`, a bad claim size), its message is the more specific
 * one, so the schema finding is dropped.
 */
export function withoutSchemaEchoes(findings: readonly Finding[]): Finding[] {
  // Only the places in files with schema findings are compared: a finding placed when first read
  // (run-rules.ts placeLater) elsewhere stays unplaced.
  const schemaFiles = new Set<string>();
  for (const f of findings) if (f.ruleId === SCHEMA_RULE_ID) schemaFiles.add(f.filePath);
  if (schemaFiles.size === 0) return [...findings];
  const claimed = new Set<string>();
  for (const f of findings) if (f.ruleId !== SCHEMA_RULE_ID && schemaFiles.has(f.filePath)) claimed.add(placeOf(f));
  return findings.filter((f) => f.ruleId !== SCHEMA_RULE_ID || !claimed.has(placeOf(f)));
}

function placeOf(finding: Finding): string {
  return `${finding.filePath}\u0000${finding.loc.line}:${finding.loc.column}`;
}
