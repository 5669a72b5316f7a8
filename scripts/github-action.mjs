#!/usr/bin/env node
// Runs stslint for action.yml. Inputs arrive as environment variables and are never given to
// a shell, so no input can inject code or be globbed by one (stslint expands globs itself).
//   STSLINT_CLI        the bundle to run (default: dist/bundle/cli.cjs next to this script)
//   INPUT_FILES        files, directories or globs (default: .)
//   INPUT_ARGS         more stslint arguments
//   INPUT_SARIF_FILE   where to write SARIF, relative to the workspace (default: stslint.sarif)
//   INPUT_ANNOTATE     "true": annotations (`--format github`); otherwise findings as plain log lines
//   INPUT_CONFIG       configuration file (default: found from the working directory)
//   INPUT_BASE         git revision to compare with (--base); the plan goes to the job summary
//   GITHUB_WORKSPACE   the repository checkout: where upload-sarif looks for relative paths
//   GITHUB_OUTPUT      file that receives the step outputs `sarif-file` and `exit-code`
//   GITHUB_STEP_SUMMARY  file that receives the plan (Markdown) when INPUT_BASE is set
// `files` and `args` are lists of words separated by spaces or newlines, where "double" or
// 'single' quotes keep spaces in a word (`files: "my charts/" k8s/`), as a shell would read
// them; but no shell reads them: nothing is expanded, substituted or run.
// Exits with stslint's exit code: 0 clean, 1 errors (or too many warnings), 2 usage/I-O problem.

import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Words of a list input: lines, each split at unquoted blanks; quotes group, backslash escapes in "…". */
export function splitList(text) {
  const words = [];
  for (const line of text.split(/\r?\n/)) {
    let word = '';
    let inWord = false;
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = '';
        else if (c === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
        else word += c;
      } else if (c === '"' || c === "'") {
        quote = c;
        inWord = true;
      } else if (c === ' ' || c === '\t') {
        if (inWord) words.push(word);
        word = '';
        inWord = false;
      } else {
        word += c;
        inWord = true;
      }
    }
    if (quote) throw new Error(`unclosed ${quote} quote in: ${line}`);
    if (inWord) words.push(word);
  }
  return words;
}

function main(env) {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const sarif = path.resolve(workspace, env.INPUT_SARIF_FILE || 'stslint.sarif');
  const args = [];
  // Annotations are workflow commands the runner turns into annotations; without them the
  // findings must still be in the log, as `compact` lines.
  args.push('--format', env.INPUT_ANNOTATE === 'false' ? 'compact' : 'github');
  args.push('--format', `sarif=${sarif}`);
  if (env.INPUT_CONFIG) args.push('--config', env.INPUT_CONFIG);
  let planDir;
  if (env.INPUT_BASE) {
    // actions/checkout fetches one commit by default: fetch the base commit too (stslint itself
    // never uses the network, and says what to fetch when the base is missing).
    if (!gitSucceeds(['cat-file', '-e', `${env.INPUT_BASE}^{commit}`])) gitSucceeds(['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', env.INPUT_BASE]);
    planDir = mkdtempSync(path.join(env.RUNNER_TEMP || tmpdir(), 'stslint-plan-'));
    args.push('--base', env.INPUT_BASE, '--format', `plan=${path.join(planDir, 'plan.md')}`);
  }
  let extra;
  let files;
  try {
    extra = splitList(env.INPUT_ARGS || '');
    files = splitList(env.INPUT_FILES || '.');
  } catch (error) {
    process.stderr.write(`stslint action: ${error.message}\n`);
    return 2;
  }
  if (files.length === 0) files = ['.'];
  const cli = env.STSLINT_CLI || fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
  const run = spawnSync(process.execPath, [cli, ...args, ...extra, '--', ...files], { stdio: 'inherit' });
  const code = run.status ?? 2;
  if (planDir) {
    const plan = readFileSync(path.join(planDir, 'plan.md'), { encoding: 'utf8', flag: 'a+' });
    if (plan !== '' && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, plan);
    rmSync(planDir, { recursive: true, force: true });
  }
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `sarif-file=${sarif}\nexit-code=${code}\n`);
  return code;
}

function gitSucceeds(args) {
  try {
    execFileSync('git', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.env);
