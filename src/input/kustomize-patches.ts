// Kustomize patches: files that a kustomization applies to the objects of its resources. A
// strategic-merge patch has `apiVersion`, `kind` and `metadata.name` like the object it patches,
// but only the fields it changes, so read as an object it would "lack" a selector, containers
// and a Service, and collide with its base object. They are recognised from the kustomization
// files beside the inputs and skipped, like the kustomization files themselves.
//
// Reading a kustomization only parses YAML: nothing in it is run, fetched or built.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The inputs that a kustomization names as patches: one in their own directory or above it, up
 * to `root` (a patch often sits in a `patches/` folder below its kustomization).
 */
export function kustomizePatchFiles(files: readonly string[], root: string): Set<string> {
  const patches = new Set<string>();
  const inputs = new Set(files);
  const directories = new Set<string>();
  for (const file of files) {
    let directory = path.dirname(file);
    while (!directories.has(directory)) {
      directories.add(directory);
      const parent = path.dirname(directory);
      if (parent === directory || !isInside(parent, root)) break;
      directory = parent;
    }
  }
  for (const directory of directories) {
    for (const relative of patchPaths(directory)) {
      const file = path.resolve(directory, relative);
      if (inputs.has(file)) patches.add(file);
    }
  }
  return patches;
}

/** Paths of the patch files a directory's kustomization names (relative to it). */
function patchPaths(directory: string): string[] {
  const kustomization = readKustomization(directory);
  if (!kustomization) return [];
  const paths: string[] = [];
  // patchesStrategicMerge: a list of file paths (or inline patches, which hold a newline).
  for (const entry of asList(kustomization.patchesStrategicMerge)) {
    if (typeof entry === 'string' && !entry.includes('\n')) paths.push(entry);
  }
  // patches and patchesJson6902: entries with a `path` (or an inline `patch`).
  for (const entry of [...asList(kustomization.patches), ...asList(kustomization.patchesJson6902)]) {
    if (typeof entry === 'string' && !entry.includes('\n')) paths.push(entry);
    else if (entry !== null && typeof entry === 'object' && typeof (entry as { path?: unknown }).path === 'string')
      paths.push((entry as { path: string }).path);
  }
  return paths;
}

function readKustomization(directory: string): Record<string, unknown> | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    let text: string;
    try {
      text = readFileSync(path.join(directory, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const value: unknown = parse(text, { version: '1.1', prettyErrors: false });
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      // A kustomization that does not parse names no patches we can trust.
      return undefined;
    }
  }
  return undefined;
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isInside(directory: string, root: string): boolean {
  const relative = path.relative(root, directory);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
