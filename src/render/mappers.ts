// The line maps of rendered text (src/render/source-map.ts): one per tool. Until a tool has its
// mapper, placement.ts puts findings at the first line of the object in its template or file of
// origin.

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

export function sourceMapFor(_input: MapperInput): RenderedSourceMap | undefined {
  return undefined;
}
