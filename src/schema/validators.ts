// The compiled validators, loaded one by one the first time a manifest of that kind, version
// and release is seen: a run over a StatefulSet and a Service loads two modules, not forty.
// They are CommonJS so that loading stays synchronous (the lint core is synchronous).

import path from 'node:path';
import { loadWithCodeCache } from '../shared/code-cache.js';
import { validatorsDir } from './files.js';

/** The subset of an ajv error that stslint reads. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const loaded = new Map<string, Validator>();

/** The validator of a root schema definition (`apps.v1.StatefulSet@1.35`). */
export function validatorFor(root: string): Validator {
  let validator = loaded.get(root);
  if (!validator) {
    const file = validatorFile(root);
    try {
      // With the code cache written at build time: a validator is up to 400 KB of generated code.
      const module = loadWithCodeCache(file);
      validator = module.exports as Validator;
      // The build's sample run (scripts/build-code-cache.mjs) writes the caches of the validators
      // it used as they are at its end: with the functions a real manifest reaches compiled in
      // (a StatefulSet's containers, ports, claim templates), which a run would compile again.
      if (process.env.STSLINT_WRITE_CODE_CACHE === '1') process.once('exit', () => module.saveCache());
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is not built (run `npm run build`)' : String(error);
      throw new Error(`the schema validator ${root} could not be loaded: ${reason}`, { cause: error });
    }
    loaded.set(root, validator);
  }
  return validator;
}

/** The root definitions whose validators this process has loaded, in the order loaded. */
export function loadedValidators(): string[] {
  return [...loaded.keys()];
}

/** The file of a validator (for the build, which writes its code cache). */
export function validatorFile(root: string): string {
  return path.join(validatorsDir(), `${root}.cjs`);
}
