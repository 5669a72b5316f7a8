// The charts and kustomizations of a run as they were at a git revision (`--base <rev>`): each
// unit's files at that revision are written to a temporary folder (`git archive`, read-only for
// the repository: no checkout, no index change) at their paths in the repository, and rendered
// there with the same settings, so that the change rules compare what the cluster received then
// with what it receives now. The text is given under the name the current render is linted
// under, so that objects pair as they would between two versions of one file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubernetesVersion } from '../api/version.js';
import { isClusterScoped } from '../api/kinds.js';
import { repositoryRoot } from '../shared/paths.js';
import { defaultReleaseName } from './helm.js';
import { renderUnits, unitReads, type RenderSettings } from './render.js';
import type { RenderUnit } from './discover.js';

const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' };

export interface UnitAtRevision {
  unit: RenderUnit;
  /** The name the unit's current render is linted under. */
  path: string;
}

/** Base sources for the units (a unit that did not exist or does not render then has none), and notices. */
export async function renderAtRevision(
  units: readonly UnitAtRevision[],
  revision: string,
  options: { settings: RenderSettings; target: KubernetesVersion; namespace: string; cwd: string },
): Promise<{ sources: { path: string; text: string }[]; notices: string[] }> {
  const sources: { path: string; text: string }[] = [];
  const notices: string[] = [];
  for (const { unit, path: linted } of units) {
    const repo = repositoryRoot(unit.root);
    const chart = options.settings.charts?.[unit.root] ?? {};
    const reads = unitReads(unit, options.settings);
    const specs = reads.map((p) => path.relative(repo, p).split(path.sep).join('/')).filter((p) => p !== '' && !p.startsWith('..'));
    const temporary = mkdtempSync(path.join(os.tmpdir(), 'stslint-base-'));
    try {
      let archive: Buffer;
      try {
        archive = execFileSync('git', ['archive', '--format=tar', revision, '--', ...specs], {
          cwd: repo,
          env: GIT_ENV,
          maxBuffer: 512 * 1024 * 1024,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch {
        continue; // not in the repository at that revision: everything it renders now is new
      }
      execFileSync('tar', ['-x', '-C', temporary], { input: archive, stdio: ['pipe', 'ignore', 'pipe'] });
      const moved = (p: string) => path.join(temporary, path.relative(repo, p));
      const root = moved(unit.root);
      const settings: RenderSettings = {
        ...options.settings,
        requireTools: false,
        charts: {
          [root]: {
            ...chart,
            releaseName: chart.releaseName ?? defaultReleaseName(unit.root),
            ...(chart.values ? { values: chart.values.map(moved) } : {}),
          },
        },
      };
      const outcome = await renderUnits({
        units: [{ ...unit, root, file: moved(unit.file) }],
        settings,
        target: options.target,
        namespace: options.namespace,
        cwd: options.cwd,
      });
      const source = outcome.sources.find((s) => s.variant === undefined);
      if (source) sources.push({ path: linted, text: source.releaseNamespace ? inNamespace(source.text, source.releaseNamespace) : source.text });
      else {
        const why = outcome.failures[0]?.message ?? 'its tool is missing';
        notices.push(
          `base ${revision}: ${path.relative(options.cwd, unit.root) || '.'} does not render there (${why.split('\n')[0]!}); it is left out of the comparison`,
        );
      }
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  return { sources, notices };
}

/**
 * Rendered objects that set no namespace, given the release namespace in their text (as the
 * current render's objects are given it when parsed, src/render/inputs.ts), so that base and
 * current objects pair. Helm prints `metadata:` at the top level of each document.
 */
export function inNamespace(text: string, namespace: string): string {
  return text
    .split(/^(?=---[ \t]*$)/m)
    .map((doc) => {
      const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(doc)?.[1];
      const metadata = /^metadata:[ \t]*\n([ \t]+)\S/m.exec(doc);
      if (!kind || isClusterScoped(kind) || !metadata) return doc;
      const indent = metadata[1]!;
      if (new RegExp(`^${indent}namespace:`, 'm').test(doc)) return doc;
      return doc.replace(/^metadata:[ \t]*\n/m, (line) => `${line}${indent}namespace: ${namespace}\n`);
    })
    .join('');
}
