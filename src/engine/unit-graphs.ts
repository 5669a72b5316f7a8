// Which graphs a run's outcomes make. Each rendered top-level unit (a chart's default render, each
// chart variant, each top-level kustomization) is an installation of its own: two overlays of one
// base, or a chart and its ci/ variants, are alternatives, never objects of one cluster. Each is
// linted in a graph with the plain files (manifests in no chart or kustomization: they are applied
// beside any of them, so a chart's StatefulSet sees a plain headless Service or StorageClass), and
// keeps the findings on its own objects. Findings on plain objects come from the graph of the
// plain files with every unit's default render, as one run over them all has always linted them:
// a plain Service is seen with whatever unit it serves, and is reported once.

import type { FileOutcome } from '../input/pipeline.js';
import type { LoadedBase } from '../change/base.js';

/** One graph of a run: its outcomes, the files whose findings it reports, its base. */
export interface GraphPart {
  outcomes: readonly FileOutcome[];
  owns: (file: string) => boolean;
  base: LoadedBase | undefined;
  /** The graph of the plain files with every default render: checks, counts and front ends look objects up in it. */
  main: boolean;
  /** Nothing to lint in it (the main graph of units alone, without plain files): its rules are not run. */
  idle: boolean;
}

/** The graphs of these outcomes; one (all of them) when there are fewer than two rendered units. */
export function graphParts(outcomes: readonly FileOutcome[], base: LoadedBase | undefined): GraphPart[] {
  const units = new Map<string, FileOutcome[]>();
  const plain: FileOutcome[] = [];
  for (const outcome of outcomes) {
    if (!outcome.rendered) {
      plain.push(outcome);
      continue;
    }
    const key = `${outcome.rendered.reportAs}\0${outcome.rendered.variant ?? ''}`;
    units.set(key, [...(units.get(key) ?? []), outcome]);
  }
  if (units.size < 2) return [{ outcomes, owns: () => true, base, main: true, idle: false }];
  const renderedPaths = new Set(outcomes.filter((o) => o.rendered).map((o) => o.path));
  const isPlain = (file: string) => !renderedPaths.has(file);
  const parts: GraphPart[] = [];
  for (const unit of units.values()) {
    const own = new Set(unit.map((o) => o.path));
    const owns = (file: string) => own.has(file);
    parts.push({ outcomes: [...plain, ...unit], owns, base: base && baseOf(base, (file) => isPlain(file) || owns(file)), main: false, idle: false });
  }
  // The default renders (not the variants) with the plain files, for the findings on plain objects.
  const main = outcomes.filter((o) => o.rendered?.variant === undefined);
  const idle = !plain.some((o) => o.manifests.length > 0) && !(base?.sources.some((s) => isPlain(s.path)) ?? false);
  parts.push({ outcomes: main, owns: isPlain, base, main: true, idle });
  return parts;
}

/** The base version of one graph: the plain base files and the unit's own renders at the revision. */
function baseOf(base: LoadedBase, keeps: (file: string) => boolean): LoadedBase {
  return { ...base, sources: base.sources.filter((s) => keeps(s.path)) };
}
