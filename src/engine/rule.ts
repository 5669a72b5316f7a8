// The contract between a rule module and the engine.

import type { FixEdit, Path, Severity } from '../shared/finding.js';
import { docsBaseUrl } from '../shared/package-info.js';
import type { ResourceGraph, Resource } from '../graph/graph.js';
import type { ChangeSet } from '../change/change-set.js';
import type { ResourceType } from '../api/kinds.js';
import type { Anchor } from '../yaml/locate.js';

/** The rule's docs page for the installed version. */
export function docsUrlFor(ruleId: string): string {
  return `${docsBaseUrl()}rules/${ruleId}.md`;
}

/**
 * Rule presets, smallest first; each holds the rules of the ones before it. `recommended`, the
 * default, holds what a reviewer of a pull request acts on; `all` adds advice that depends on the
 * application (a disruption budget, spreading, access modes).
 */
export const PRESETS = ['recommended', 'all'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = 'recommended';

/** Whether a rule whose smallest preset is `rulePreset` is on under `chosen`. */
export function inPreset(rulePreset: Preset, chosen: Preset): boolean {
  return PRESETS.indexOf(rulePreset) <= PRESETS.indexOf(chosen);
}

export interface RuleMeta<M extends string = string> {
  /** Default severity; configuration may override it. */
  readonly severity: Severity;
  /** The smallest preset that turns the rule on (`--preset`, `preset:` in the configuration). */
  readonly preset: Preset;
  /** One line, shown in rule lists and SARIF. */
  readonly description: string;
  /** Message templates with `{{placeholders}}`; every message says what is wrong and how to fix it. */
  readonly messages: Readonly<Record<M, string>>;
  /** ESLint's `meta.fixable`: some findings carry a `fix` that `--fix` applies. */
  readonly fixable?: 'code';
  /** ESLint's `meta.hasSuggestions`: some findings carry `suggest` edits for a person to choose. */
  readonly hasSuggestions?: true;
  /**
   * The rule's StatefulSet checks speak of what the Kubernetes API server and StatefulSet
   * controller of a release do (feature gates, API warnings, validation added in a release) and
   * do not hold for an OpenKruise Advanced StatefulSet, which its own webhook and controller
   * handle: the engine does not give it such sets.
   */
  readonly skipsAdvancedStatefulSets?: boolean;
}

/** An edit a person chooses: shown in the editor, never applied by `--fix`. */
export interface SuggestionReport {
  /** What the edit does, and what to know before choosing it. */
  readonly desc: string;
  readonly edits: readonly FixEdit[];
}

export interface Report<M extends string> {
  /** The resource the finding belongs to: the one whose manifest must change. */
  readonly resource: Resource;
  /** Path inside that resource to the node at fault. */
  readonly path: Path;
  readonly on?: Anchor;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * This finding's severity when it differs from the rule's default, for the few rules whose
   * verdict depends on the target release. A severity the user sets for the rule still wins.
   */
  readonly severity?: Severity;
  /**
   * The edit that is always right (needs `meta.fixable`), as paths inside `resource`: set this
   * path to this value, add this key after that one, remove this entry. No rule counts characters
   * (src/fix writes the text, and drops an edit it cannot place safely).
   */
  readonly fix?: readonly FixEdit[];
  /** Edits that need a person's choice (needs `meta.hasSuggestions`). */
  readonly suggest?: readonly SuggestionReport[];
}

export interface RuleContext<M extends string> {
  readonly graph: ResourceGraph;
  /** The change from a previous version (`--base`, `--base-path`); undefined without one. */
  readonly change?: ChangeSet | undefined;
  /** A function, not a method: rules take it out of the context (`create: ({ graph, report }) => …`). */
  readonly report: (report: Report<M>) => void;
}

/** What a rule visits: the resources of a type, or with `'*'` every resource given, of any kind. */
export type VisitedType = ResourceType | '*';

export type Visitors = Partial<Record<VisitedType, (resource: Resource) => void>>;

export interface Rule<M extends string = string> {
  readonly id: string;
  readonly meta: RuleMeta<M>;
  readonly docsUrl: string;
  create(context: RuleContext<M>): Visitors;
}

export function defineRule<const Messages extends Record<string, string>>(definition: {
  id: string;
  meta: RuleMeta<keyof Messages & string> & { messages: Messages };
  create(context: RuleContext<keyof Messages & string>): Visitors;
}): Rule<keyof Messages & string> {
  return { ...definition, docsUrl: docsUrlFor(definition.id) };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** Fills `{{name}}` placeholders; an unfilled one is a bug in the rule, so it throws. */
export function fillMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message placeholder {{${name}}} has no value`);
    return String(value);
  });
}
