// Unsaved text rendered: a chart or kustomization whose open documents differ from the disk is
// rendered from a copy of what its tool reads, in a temporary folder, with the documents' texts
// in place of the disk's. The user's files are never written. The copy mirrors every file at its
// absolute path under the folder (so `../base` and values files outside the chart resolve as they
// do on disk), files unchanged are hard links where the file system allows (else copies), and
// what comes out of the render is moved back to the user's paths (`back`).

import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FileOutcome } from '../input/pipeline.js';
import type { Finding } from '../shared/finding.js';

/** Above this, a unit with unsaved changes is rendered from disk (its diagnostics then follow the last save). */
export const OVERLAY_LIMITS = { files: 20_000, copiedBytes: 64 * 1024 * 1024 };

export interface Overlay {
  /** The temporary folder; the copy of `/a/b` is `<dir>/a/b`. */
  readonly dir: string;
  moved: (file: string) => string;
  /** A path (or any text naming paths) of the copy, as the user's. */
  back: (text: string) => string;
  /** Removes the copy, at once (the server stops) or in the background (`later`: a newer render replaced it). */
  remove: (later?: boolean) => void;
}

/**
 * A copy of `files` with `texts` (file → unsaved text) in place of the disk's; undefined where it
 * would be too large (OVERLAY_LIMITS) or on Windows (absolute paths do not nest under a folder).
 * `folders` are made even when empty (a chart's root).
 */
export function overlayCopy(files: readonly string[], folders: readonly string[], texts: ReadonlyMap<string, string>): Overlay | undefined {
  if (process.platform === 'win32' || files.length > OVERLAY_LIMITS.files) return undefined;
  // The real path: tools that resolve symlinks (a /tmp that is one) still print paths under it.
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'stslint-ls-unsaved-')));
  const overlay: Overlay = {
    dir,
    moved: (file) => path.join(dir, file),
    back: (text) => text.split(dir + path.sep).join(path.sep),
    remove: (later) => {
      if (later) void rm(dir, { recursive: true, force: true }).catch(() => undefined);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    let copied = 0;
    const made = new Set<string>();
    const folder = (d: string) => {
      if (made.has(d)) return;
      mkdirSync(d, { recursive: true });
      made.add(d);
    };
    for (const d of folders) folder(overlay.moved(d));
    for (const file of files) {
      if (texts.has(file)) continue;
      const target = overlay.moved(file);
      folder(path.dirname(target));
      const info = lstatSync(file, { throwIfNoEntry: false });
      if (!info) continue;
      if (info.isSymbolicLink()) {
        // A link to a folder stays a link (to the real folder: its files have no unsaved text); a link to a file is copied.
        const resolved = statSync(file, { throwIfNoEntry: false });
        if (resolved?.isDirectory()) symlinkSync(realpathSync(file), target);
        else if (resolved?.isFile()) copied += copy(file, target, resolved.size);
        continue;
      }
      if (!info.isFile()) continue;
      try {
        linkSync(file, target);
      } catch {
        copied += copy(file, target, info.size); // another file system than the temporary folder's
      }
      if (copied > OVERLAY_LIMITS.copiedBytes) {
        overlay.remove();
        return undefined;
      }
    }
    // The unsaved texts last, each into a new file of the copy: never through a link into the user's folders.
    for (const [file, text] of texts) {
      const target = overlay.moved(file);
      if (!inCopy(path.dirname(target), dir)) continue; // under a linked folder: read from disk there
      folder(path.dirname(target));
      try {
        writeFileSync(target, text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  } catch (error) {
    overlay.remove();
    throw error;
  }
  return overlay;
}

/** Whether a folder of the copy (made or still to be made) is inside it, links resolved: never a folder of the user's. */
function inCopy(folder: string, dir: string): boolean {
  let existing = folder;
  while (!existsSync(existing)) existing = path.dirname(existing);
  const real = realpathSync(existing);
  return real === dir || real.startsWith(dir + path.sep);
}

function copy(from: string, to: string, size: number): number {
  copyFileSync(from, to);
  return size;
}

/** A render's outcome from the copy, with every path it reports moved back to the user's files. */
export function outcomeBack(outcome: FileOutcome, overlay: Overlay): FileOutcome {
  const { rendered } = outcome;
  if (!rendered) return { ...outcome, path: overlay.back(outcome.path), findings: outcome.findings.map((f) => findingBack(f, overlay)) };
  // The rendered text keeps its name in the copy: the graph's objects are named after it, and a name is all it is.
  return {
    ...outcome,
    rendered: {
      ...rendered,
      reportAs: overlay.back(rendered.reportAs),
      place: (finding, textOf) => {
        const placed = rendered.place(finding, textOf && ((file) => textOf(overlay.back(file))));
        return { ...placed, finding: findingBack(placed.finding, overlay) };
      },
    },
  };
}

function findingBack(finding: Finding, overlay: Overlay): Finding {
  const moved: Finding = { ...finding, filePath: overlay.back(finding.filePath), message: overlay.back(finding.message) };
  if (finding.renderedBy !== undefined) moved.renderedBy = overlay.back(finding.renderedBy);
  if (finding.related) moved.related = finding.related.map((r) => ({ ...r, filePath: overlay.back(r.filePath) }));
  return moved;
}
