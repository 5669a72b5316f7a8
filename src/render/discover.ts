// Which inputs are charts and kustomizations. A folder with `Chart.yaml` is a chart, a folder with
// `kustomization.yaml`/`.yml`/`Kustomization` a kustomization; their files are not manifests to
// lint one by one (templates do not even parse) but sources of what they render. A file named
// inside one (a template, a values file, a patch) stands for the unit that holds it.
//
// Kustomizations render only at the top: one that another kustomization of the input includes
// (a base, a component) is linted through what includes it, as `kubectl apply -k` would use it.
// Reading a kustomization parses YAML only; nothing in it is run or fetched.

import { KUSTOMIZATION_FILES } from '../input/kustomize-patches.js';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fastParse } from '../yaml/fast-parse.js';
import { compareCodePoints } from '../shared/text.js';
import { repositoryRoot } from '../shared/paths.js';

export const CHART_FILE = 'Chart.yaml';

export type UnitKind = 'helm' | 'kustomize';

/** A chart or kustomization to render. */
export interface RenderUnit {
  kind: UnitKind;
  /** The folder (absolute). */
  root: string;
  /** Chart.yaml or the kustomization file: where findings about the unit as a whole go. */
  file: string;
}

/** A problem found before rendering: one finding at `file:line`. */
export interface UnitProblem {
  file: string;
  line: number;
  message: string;
}

export interface Discovery {
  units: RenderUnit[];
  /** The input files that are plain manifests (in no unit), in their order. */
  plainFiles: string[];
  /** Every input file a unit stands for (templates, values, bases, patches), to be left out of the plain files. */
  unitFiles: Set<string>;
  problems: UnitProblem[];
}

/** A kustomization as far as discovery reads it. */
interface Kustomization {
  dir: string;
  file: string;
  /** Folders it includes (resources, bases, components that are folders), absolute. */
  includes: { dir: string; line: number; entry: string }[];
  /** Files it reads (resources, patches, generators' files), absolute. */
  files: string[];
  /** Entries it cannot render offline or safely: remote bases, paths outside the repository, unreadable paths. */
  problems: UnitProblem[];
  /** `kind: Component`: applied by the kustomizations that list it, never built alone. */
  component: boolean;
}

/**
 * Splits the expanded input files into charts, kustomizations and plain manifest files. `around`
 * (the files of `--context`) holds the kustomizations a named file may be included by: a changed
 * base file then renders each top-level kustomization that builds it, as a whole run would.
 */
export function discoverUnits(files: readonly string[], around: readonly string[] = []): Discovery {
  const dirs = new DirectoryFacts();
  const charts = new Set<string>();
  const kustomizations = new Map<string, Kustomization>();
  const ownerOf = new Map<string, string>();
  for (const file of files) {
    const owner = dirs.unitOf(path.dirname(file));
    if (!owner) continue;
    ownerOf.set(file, owner.root);
    if (owner.kind === 'helm') charts.add(owner.root);
    else if (!kustomizations.has(owner.root)) kustomizations.set(owner.root, readKustomization(owner.root, owner.file));
  }
  const named = new Set(kustomizations.keys());
  // Only a named kustomization can be built by another: a run on plain files reads none of them.
  for (const file of named.size > 0 ? around : []) {
    if (!KUSTOMIZATION_FILES.includes(path.basename(file))) continue;
    const dir = path.dirname(file);
    const owner = dirs.unitOf(dir);
    if (owner?.kind === 'kustomize' && owner.root === dir && !kustomizations.has(dir)) kustomizations.set(dir, readKustomization(dir, owner.file));
  }
  // Every kustomization reachable from those of the input: what they include is theirs.
  const pending = [...kustomizations.values()];
  const included = new Set<string>();
  const unitFiles = new Set(ownerOf.keys());
  const problems: UnitProblem[] = [];
  while (pending.length > 0) {
    const k = pending.pop()!;
    for (const f of k.files) unitFiles.add(f);
    for (const include of k.includes) {
      included.add(include.dir);
      if (kustomizations.has(include.dir)) continue;
      const file = dirs.kustomizationFile(include.dir);
      if (!file) continue; // kustomize itself reports a folder without a kustomization
      const read = readKustomization(include.dir, file);
      kustomizations.set(include.dir, read);
      pending.push(read);
    }
  }
  // Files under an included folder belong to it too (a base's resources, read through the overlay).
  const ownedDirs = [...charts, ...kustomizations.keys()];
  for (const file of files) if (!unitFiles.has(file) && ownedDirs.some((d) => isInside(file, d))) unitFiles.add(file);
  const units: RenderUnit[] = [];
  for (const root of [...charts].sort(compareCodePoints)) units.push({ kind: 'helm', root, file: path.join(root, CHART_FILE) });
  for (const [root, k] of [...kustomizations].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (included.has(root) && !inCycle(root, kustomizations)) continue;
    const cycle = inCycle(root, kustomizations);
    if (cycle) {
      problems.push({
        file: k.file,
        line: cycle.line,
        message: `This kustomization includes itself (\`${cycle.entry}\` leads back to ${path.basename(root)}/); kustomize cannot build it, so nothing in it was linted. Remove the entry that closes the circle.`,
      });
      continue;
    }
    // Only the units the input names (directly, through a file in them, or through a base they
    // build) render; a base reached from outside the input renders through its overlay.
    if (!reaches(root, named, kustomizations) || k.component) continue;
    const own = [...k.problems, ...reachableProblems(root, kustomizations)];
    if (own.length > 0) {
      problems.push(...own);
      continue;
    }
    units.push({ kind: 'kustomize', root, file: k.file });
  }
  return { units, plainFiles: files.filter((f) => !unitFiles.has(f)), unitFiles, problems: dedupe(problems) };
}

/** Whether `root` is, or includes through any depth, one of `targets`. */
function reaches(root: string, targets: ReadonlySet<string>, all: ReadonlyMap<string, Kustomization>): boolean {
  const seen = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    if (targets.has(dir)) return true;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const include of all.get(dir)?.includes ?? []) pending.push(include.dir);
  }
  return false;
}

/** Problems of the kustomizations a top-level one includes (through any depth). */
function reachableProblems(root: string, all: ReadonlyMap<string, Kustomization>): UnitProblem[] {
  const seen = new Set<string>([root]);
  const pending = [root];
  const out: UnitProblem[] = [];
  while (pending.length > 0) {
    const k = all.get(pending.pop()!);
    if (!k) continue;
    if (k.dir !== root) out.push(...k.problems);
    for (const include of k.includes) {
      if (seen.has(include.dir)) continue;
      seen.add(include.dir);
      pending.push(include.dir);
    }
  }
  return out;
}

/** The entry through which `root` includes itself, if it does. */
function inCycle(root: string, all: ReadonlyMap<string, Kustomization>): { line: number; entry: string } | undefined {
  const k = all.get(root);
  if (!k) return undefined;
  for (const include of k.includes) {
    const seen = new Set<string>();
    const pending = [include.dir];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      if (dir === root) return { line: include.line, entry: include.entry };
      if (seen.has(dir)) continue;
      seen.add(dir);
      for (const next of all.get(dir)?.includes ?? []) pending.push(next.dir);
    }
  }
  return undefined;
}

function dedupe(problems: readonly UnitProblem[]): UnitProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What each folder is, asked once per folder. */
class DirectoryFacts {
  private readonly units = new Map<string, { kind: UnitKind; root: string; file: string } | null>();
  private readonly kustomizationFiles = new Map<string, string | null>();

  kustomizationFile(dir: string): string | undefined {
    let found = this.kustomizationFiles.get(dir);
    if (found === undefined) {
      found = KUSTOMIZATION_FILES.map((name) => path.join(dir, name)).find(isFile) ?? null;
      this.kustomizationFiles.set(dir, found);
    }
    return found ?? undefined;
  }

  /**
   * The unit a folder belongs to: the outermost chart above it (a chart's `charts/` holds its
   * dependencies, which are not units), else the nearest kustomization at or above it.
   */
  unitOf(dir: string): { kind: UnitKind; root: string; file: string } | undefined {
    const known = this.units.get(dir);
    if (known !== undefined) return known ?? undefined;
    const parent = path.dirname(dir);
    const above = parent === dir ? undefined : this.unitOf(parent);
    let unit: { kind: UnitKind; root: string; file: string } | undefined;
    if (above?.kind === 'helm') unit = above;
    else if (isFile(path.join(dir, CHART_FILE))) unit = { kind: 'helm', root: dir, file: path.join(dir, CHART_FILE) };
    else {
      const file = this.kustomizationFile(dir);
      unit = file ? { kind: 'kustomize', root: dir, file } : above;
    }
    this.units.set(dir, unit ?? null);
    return unit;
  }
}

/** The fields of a kustomization that name other folders and files. */
const INCLUDE_FIELDS = ['resources', 'bases', 'components'] as const;

function readKustomization(dir: string, file: string): Kustomization {
  const k: Kustomization = { dir, file, includes: [], files: [file], problems: [], component: false };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return k;
  }
  let data: unknown;
  try {
    // The fast reader where it is sure (most kustomizations): a run that finds every render in the cache then never loads `yaml`'s parser.
    const fast = fastParse(text.replace(/^\uFEFF/, ''));
    data = fast?.length === 1 ? fast[0] : parse(text, { version: '1.1', prettyErrors: false });
  } catch {
    return k; // kustomize reports its own syntax errors when it builds
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return k;
  const record = data as Record<string, unknown>;
  k.component = record.kind === 'Component';
  const lines = text.split(/\r?\n/);
  const lineOf = (entry: string) => {
    const i = lines.findIndex((l) => l.includes(entry));
    return i < 0 ? 1 : i + 1;
  };
  const repository = repositoryRoot(dir);
  const inRepository = repository !== dir || isDirectory(path.join(dir, '.git'));
  for (const field of INCLUDE_FIELDS) {
    for (const entry of asList(record[field])) {
      if (typeof entry !== 'string') continue;
      if (isRemote(entry)) {
        k.problems.push({
          file,
          line: lineOf(entry),
          message: `\`${field}\` names the remote \`${entry}\`: stslint never uses the network, so this kustomization was not rendered. Vendor the remote base into the repository (or lint the rendered output: \`kustomize build ${path.basename(dir)} | stslint -\`).`,
        });
        continue;
      }
      const target = path.resolve(dir, entry);
      if (inRepository && !isInside(target, repository)) {
        k.problems.push({
          file,
          line: lineOf(entry),
          message: `\`${field}\` entry \`${entry}\` is outside the repository (${repository}), so this kustomization was not rendered: its build would depend on files that are not under version control here.`,
        });
        continue;
      }
      let info;
      try {
        // The native realpath: one system call, where Node's own lstats every component of the path.
        realpathSync.native(target);
        info = statSync(target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') {
          k.problems.push({
            file,
            line: lineOf(entry),
            message: `\`${field}\` entry \`${entry}\` is a symbolic link loop, so this kustomization was not rendered.`,
          });
        }
        continue; // a missing path: kustomize's own message says it best when it builds
      }
      if (info.isDirectory()) k.includes.push({ dir: target, line: lineOf(entry), entry });
      else k.files.push(target);
    }
  }
  for (const entry of [...asList(record.patchesStrategicMerge), ...asList(record.patches), ...asList(record.patchesJson6902), ...asList(record.crds)]) {
    const p = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
    if (typeof p === 'string' && !p.includes('\n')) k.files.push(path.resolve(dir, p));
  }
  for (const generator of [...asList(record.configMapGenerator), ...asList(record.secretGenerator)]) {
    const g = generator as { files?: unknown; envs?: unknown; env?: unknown } | null;
    for (const f of [...asList(g?.files), ...asList(g?.envs), g?.env]) {
      if (typeof f === 'string') k.files.push(path.resolve(dir, f.includes('=') ? f.slice(f.indexOf('=') + 1) : f));
    }
  }
  return k;
}

/** A kustomize remote target: a URL, or a `host/org/repo` form kustomize fetches with git. */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith('git@') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.includes('?ref=')
  );
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
