// Document URIs ↔ file paths. Only `file:` URIs name files; other schemes (`untitled:`, …) are
// linted under their URI, alone.

import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}
