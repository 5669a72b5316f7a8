// `kustomize build` (else `kubectl kustomize`) of one kustomization, through a wrapper
// kustomization in a temporary folder that asks for kustomize's origin and transformer
// annotations: they say which file each object and each change came from. The user's files are
// never written. The annotations are for the line map only: the text that is linted has them
// removed, so that no rule sees them.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Tool } from './tools.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** A temporary folder holding the wrapper kustomization for `root`; `remove()` when done. */
export function wrapperKustomization(root: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stslint-kustomize-'));
  // kustomize takes a folder resource only by a relative path.
  const relative = path.relative(dir, root).split(path.sep).join('/');
  writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nbuildMetadata: [originAnnotations, transformerAnnotations]\nresources:\n- ${JSON.stringify(relative)}\n`,
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function kustomizeArgs(tool: Tool, wrapperDir: string): string[] {
  return tool.name === 'kubectl' ? ['kustomize', wrapperDir] : ['build', wrapperDir];
}

/** The build's output with the annotations' file paths made absolute (they are relative to the wrapper). */
export function absoluteAnnotationPaths(text: string, wrapperDir: string): string {
  const lines = text.split('\n');
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && line.trim() !== '' && indent <= blockIndent) blockIndent = -1;
    if (blockIndent < 0) {
      if (isAnnotationStart(line)) blockIndent = indent;
      continue;
    }
    const match = /^(\s*(?:- )?(?:path|configuredIn): )(.+)$/.exec(line);
    if (match && !path.isAbsolute(match[2]!)) lines[i] = match[1]! + path.resolve(wrapperDir, match[2]!);
  }
  return lines.join('\n');
}

function isAnnotationStart(line: string): boolean {
  const key = line.trim();
  return key.startsWith(`${ORIGIN_ANNOTATION}:`) || key.startsWith(`${TRANSFORMATIONS_ANNOTATION}:`);
}

/**
 * The text without the two annotations (and an `annotations:` left empty by their removal), and
 * for each of its lines (0-based) the line of the annotated text it was.
 */
export function withoutBuildAnnotations(text: string): { text: string; lineOf: number[] } {
  const lines = text.split('\n');
  const kept: string[] = [];
  const lineOf: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isAnnotationStart(line)) {
      const indent = line.length - line.trimStart().length;
      while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || lines[i + 1]!.length - lines[i + 1]!.trimStart().length > indent)) i++;
      // `annotations:` with nothing left under it goes too.
      const previous = kept[kept.length - 1];
      const next = lines[i + 1];
      const nextIndent = next === undefined ? -1 : next.length - next.trimStart().length;
      if (previous?.trim() === 'annotations:' && nextIndent < indent && !isAnnotationStart(next ?? '')) {
        kept.pop();
        lineOf.pop();
      }
      continue;
    }
    kept.push(line);
    lineOf.push(i);
  }
  return { text: kept.join('\n'), lineOf };
}

/** A file that kustomize's error message names (quoted), resolved from the wrapper, if it exists. */
export function kustomizeErrorFile(message: string, wrapperDir: string): string | undefined {
  for (const match of message.matchAll(/'([^'\s]+)'/g)) {
    const candidate = path.resolve(wrapperDir, match[1]!);
    if (!candidate.startsWith(wrapperDir) && statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}
