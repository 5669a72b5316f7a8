// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//
// - every rule with its description, help URI and default level; `parse-error` for fatal parse problems;
// - exact regions (1-based, end column exclusive, UTF-16 columns as the YAML parser counts them);
// - artifact URIs relative to the repository root under `uriBaseId` %SRCROOT%;
// - `partialFingerprints["stslint/v1"]` from what a finding is about, not where it is: rule id,
//   resource (kind, namespace, name), path inside the resource and message id; inserting lines
//   above a finding, or moving the resource to another file, keeps it. GitHub code scanning
//   does not read it: it matches alerts by `primaryLocationLineHash`, which upload-sarif
//   computes from the text around the finding's first line (github/codeql-action
//   src/fingerprints.ts; an existing value is kept, and a different one draws a warning per
//   result, so we do not fake it). On GitHub an alert therefore survives lines moving above
//   it, not an edit of its own lines or a move to another file;
// - suppressed findings as results with `suppressions`, so viewers show them as dismissed.
//
// @microsoft/eslint-formatter-sarif was considered and not used: it maps ESLint severity 1 to
// `warning` (no `note` for our info level), writes absolute file URIs, has no fingerprints,
// and depends on eslint 8, lodash and jschardet.

import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { relativePath, repositoryRoot } from '../shared/paths.js';
import type { LintMessage, RelatedLocation, RuleMetaEntry, RulesMeta } from '../engine/report.js';
import { packageInfo } from '../shared/package-info.js';
import { eachMessage, PARSE_ERROR_ID, PARSE_ERROR_META, ruleIdOf } from './common.js';
import type { Formatter } from './formatter.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'stslint/v1';

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

const sarif: Formatter = (results, context) => {
  const root = repositoryRoot(context.cwd);
  const { version, homepage } = packageInfo();
  const meta: RulesMeta = { ...context.rulesMeta, [PARSE_ERROR_ID]: PARSE_ERROR_META };
  const ruleIds = Object.keys(meta).sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));

  const artifacts = results.map((r) => ({ location: artifactLocation(r.filePath, root, context.cwd) }));
  const artifactIndex = new Map(results.map((r, index) => [r, index]));
  const occurrences = new Map<string, number>();
  const sarifResults = eachMessage(results, true).map(({ result, message, suppressed }) => {
    const ruleId = ruleIdOf(message);
    const index = artifactIndex.get(result)!;
    const location = { ...artifacts[index]!.location, index };
    const base = fingerprint(message, location.uri);
    const seen = (occurrences.get(base) ?? 0) + 1;
    occurrences.set(base, seen);
    const out: Record<string, unknown> = {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: LEVELS[message.level],
      message: { text: message.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: location,
            region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn },
          },
          ...(message.resource ? { logicalLocations: [logicalLocation(message.resource)] } : {}),
        },
      ],
      ...(message.relatedLocations ? { relatedLocations: message.relatedLocations.map((r, id) => relatedLocation(r, id, root, context.cwd)) } : {}),
      // The occurrence number tells apart identical findings (the same resource given twice).
      partialFingerprints: { [FINGERPRINT_KEY]: `${base}:${seen}` },
    };
    if (suppressed) {
      out.suppressions = (message.suppressions ?? []).map((s) => ({
        kind: 'inSource',
        ...(s.justification ? { justification: s.justification } : {}),
        properties: { stslintKind: s.kind },
      }));
    }
    return out;
  });

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stslint',
            version,
            semanticVersion: version,
            informationUri: homepage,
            rules: ruleIds.map((id) => rule(id, meta[id]!)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root + path.sep).href } },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function rule(id: string, entry: RuleMetaEntry): Record<string, unknown> {
  return {
    id,
    shortDescription: { text: entry.docs.description },
    // GitHub code scanning requires fullDescription and shows it at the top of an alert.
    fullDescription: { text: entry.docs.description },
    helpUri: entry.docs.url,
    help: { text: `${entry.docs.description} See ${entry.docs.url}`, markdown: `${entry.docs.description} [Documentation](${entry.docs.url})` },
    defaultConfiguration: { level: LEVELS[entry.defaultSeverity] },
    properties: {
      tags: ['kubernetes', entry.type],
      // How often a finding is right. Errors and warnings follow from the manifests alone (API
      // validation, controller arithmetic, the graph); infos are practices whose worth depends
      // on the workload, so code scanning may rank them lower.
      precision: entry.defaultSeverity === 'info' ? 'medium' : 'high',
      'problem.severity': PROBLEM_SEVERITY[entry.defaultSeverity],
    },
  };
}

/** GitHub's `problem.severity` for results that are not security alerts. */
const PROBLEM_SEVERITY = { error: 'error', warning: 'warning', info: 'recommendation' } as const;

/** Relative to the repository root when inside it; otherwise an absolute `file:` URI. */
function artifactLocation(filePath: string, root: string, cwd: string): ArtifactLocation {
  const absolute = path.resolve(cwd, filePath);
  const relative = relativePath(absolute, root);
  if (relative.startsWith('../') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A place that explains the result, e.g. the template line that printed a value set in values.yaml. */
function relatedLocation(r: RelatedLocation, id: number, root: string, cwd: string): Record<string, unknown> {
  return {
    id,
    physicalLocation: {
      artifactLocation: artifactLocation(r.filePath, root, cwd),
      region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
    },
    message: { text: r.message },
  };
}

function logicalLocation(resource: NonNullable<LintMessage['resource']>): Record<string, string> {
  const where = resource.namespace ? `${resource.namespace}/` : '';
  return { name: resource.name, fullyQualifiedName: `${resource.kind}/${where}${resource.name}`, kind: 'resource' };
}

/** What the finding is about, never where it is (see the header). */
function fingerprint(m: LintMessage, uri: string): string {
  const about = m.resource
    ? [m.ruleId, m.resource.kind, m.resource.namespace, m.resource.name, m.path ?? [], m.messageId ?? m.message]
    : [ruleIdOf(m), uri, m.message];
  return createHash('sha256').update(JSON.stringify(about)).digest('hex').slice(0, 32);
}

export default sarif;
