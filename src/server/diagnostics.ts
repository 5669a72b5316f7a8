// stslint's results → LSP diagnostics.

import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { Location, Path } from '../shared/finding.js';
import type { ResourceGraph } from '../graph/graph.js';
import { locate } from '../yaml/locate.js';
import type { LintMessage, RulesMeta } from '../engine/report.js';
import { namedObjects } from './related.js';

export const SOURCE = 'stslint';

/** What a code action needs to know about the finding behind a diagnostic. */
export interface DiagnosticData {
  messageId?: string;
  resource?: { apiVersion: string; kind: string; namespace: string; name: string };
  path?: Path;
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** stslint's 1-based, end-exclusive location as an LSP range (0-based; columns are UTF-16 offsets in both). */
export function rangeOf(loc: Location): Range {
  return {
    start: { line: loc.line - 1, character: loc.column - 1 },
    end: { line: loc.endLine - 1, character: loc.endColumn - 1 },
  };
}

export function toDiagnostic(message: LintMessage, rulesMeta: RulesMeta, graph: ResourceGraph, uriOf: (path: string) => string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf({ line: message.line, column: message.column, endLine: message.endLine, endColumn: message.endColumn }),
    severity: SEVERITY[message.level],
    source: SOURCE,
    message: message.message,
  };
  if (message.ruleId) {
    diagnostic.code = message.ruleId;
    const url = rulesMeta[message.ruleId]?.docs.url;
    if (url) diagnostic.codeDescription = { href: url };
  }
  const related: DiagnosticRelatedInformation[] = namedObjects(message.message, message.resource, graph).map(({ resource, label }) => ({
    location: { uri: uriOf(resource.manifest.file.path), range: rangeOf(locate(resource.manifest, ['metadata', 'name'])) },
    message: label,
  }));
  // A rendered object's other places: the template line beside the values line, earlier patches.
  for (const r of message.relatedLocations ?? []) related.push({ location: { uri: uriOf(r.filePath), range: rangeOf(r) }, message: r.message });
  if (related.length > 0) diagnostic.relatedInformation = related;
  const data: DiagnosticData = {};
  if (message.messageId) data.messageId = message.messageId;
  if (message.resource) data.resource = message.resource;
  if (message.path) data.path = message.path;
  if (Object.keys(data).length > 0) diagnostic.data = data;
  return diagnostic;
}

/** A configuration file problem (`file:line:column: message`) as a diagnostic on that file. */
export function configDiagnostic(message: string): Diagnostic {
  const match = /^.*?:(\d+):(\d+): (.*)$/s.exec(message);
  const line = match ? Number(match[1]) - 1 : 0;
  const character = match ? Number(match[2]) - 1 : 0;
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: 1,
    source: SOURCE,
    message: `${match ? match[3]! : message} (stslint lints with the last valid configuration until this is fixed)`,
  };
}
