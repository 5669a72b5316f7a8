#!/usr/bin/env bash
# Runs stslint for action.yml: GitHub annotations on standard output, SARIF to a file for
# github/codeql-action/upload-sarif. Inputs come in as environment variables (never spliced
# into the script, so no input can inject shell code).
#   STSLINT_CLI        path of dist/src/cli/main.js
#   INPUT_FILES        files, directories or globs, separated by whitespace (default: .)
#   INPUT_SARIF_FILE   where to write SARIF (default: stslint.sarif)
#   INPUT_ANNOTATE     "true" to print annotations (default: true)
#   INPUT_CONFIG       configuration file (default: found from the working directory)
#   INPUT_ARGS         more stslint arguments, separated by whitespace
#   INPUT_BASE         git revision to compare with (--base); the plan goes to the job summary
# Exits with stslint's exit code: 0 clean, 1 errors (or too many warnings), 2 usage/I-O problem.
set -u
set -f # globs go to stslint unexpanded, so it can expand them itself.

args=()
if [ "${INPUT_ANNOTATE:-true}" = "true" ]; then args+=(--format github); fi
sarif="${INPUT_SARIF_FILE:-stslint.sarif}"
args+=(--format "sarif=${sarif}")
if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "${INPUT_CONFIG}"); fi
plan=""
if [ -n "${INPUT_BASE:-}" ]; then
  # actions/checkout fetches one commit by default: fetch the base commit too (stslint itself
  # never uses the network, and says what to fetch when the base is missing).
  if ! git cat-file -e "${INPUT_BASE}^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=1 origin "${INPUT_BASE}" 2>/dev/null || true
  fi
  plan="$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/stslint-plan.XXXXXX")"
  args+=(--base "${INPUT_BASE}" --format "plan=${plan}")
fi
# shellcheck disable=SC2206 # word splitting is intended for these two lists.
extra=(${INPUT_ARGS:-})
files=(${INPUT_FILES:-.})

node "${STSLINT_CLI}" "${args[@]}" "${extra[@]}" -- "${files[@]}"
code=$?
if [ -n "${plan}" ]; then
  if [ -s "${plan}" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "${plan}" >>"${GITHUB_STEP_SUMMARY}"; fi
  rm -f "${plan}"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif-file=${sarif}"
    echo "exit-code=${code}"
  } >>"${GITHUB_OUTPUT}"
fi
exit "${code}"
