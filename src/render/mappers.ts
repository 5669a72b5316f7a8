// The line maps of rendered text (src/render/source-map.ts): one per tool. Where a map knows no
// place for a node, placement.ts puts the finding at the first line of the object in its
// template or file of origin.

import { helmSourceMap } from './helm-map.js';
import { kustomizeSourceMap } from './kustomize-map.js';
import type { RenderedSourceMap } from './source-map.js';

export interface MapperInput {
  kind: 'helm' | 'kustomize';
  /** The chart or kustomization folder. */
  root: string;
  /** The tool's output as printed (kustomize: with its origin and transformer annotations, paths absolute). */
  text: string;
  /** Helm: the values files given with --values, in order. */
  valuesFiles: readonly string[];
}

/** The map, built when first asked: a render whose objects draw no finding (or whose placements are cached) never builds it. */
export function sourceMapFor(input: MapperInput): RenderedSourceMap {
  let built: RenderedSourceMap | null | undefined;
  return {
    map(node) {
      if (built === undefined)
        built =
          (input.kind === 'helm' ? helmSourceMap(input.root, input.text, { valuesFiles: input.valuesFiles }) : kustomizeSourceMap(input.root, input.text)) ??
          null;
      return built?.map(node);
    },
  };
}
