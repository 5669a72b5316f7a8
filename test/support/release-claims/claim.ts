// A claim that a message makes about Kubernetes at the target release, checked by
// test/release-truth.test.ts against the release-facts tables (scripts/data/*.tsv) for every
// message every rule renders on its fixtures, at every release boundary of those tables.
//
// Each module of this folder exports `claims: ReleaseClaim[]`; the harness loads all of them.

export interface ReleaseClaim {
  /** Names the claim in a failure. */
  readonly id: string;
  /** The rules whose messages are read; every rule when absent. */
  readonly rules?: readonly string[];
  /** Finds the claim in a message (global flags are not needed: the first match is checked, then the next after it). */
  readonly pattern: RegExp;
  /** `true` when the claim holds at `release` (`1.N`), else what is untrue. */
  holds(release: string, match: RegExpExecArray, message: string): true | string;
}
