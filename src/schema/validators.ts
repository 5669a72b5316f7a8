// The compiled validators, loaded one by one the first time a manifest of that kind, version
// and release is seen: a run over a StatefulSet and a Service loads two modules, not forty.
// They are CommonJS so that loading stays synchronous (the lint core is synchronous).

import { createRequire } from 'node:module';
import path from 'node:path';
import { validatorsDir } from './files.js';

/** The subset of an ajv error that stslint reads. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const require = createRequire(import.meta.url);
const loaded = new Map<string, Validator>();

/** The validator of a root schema definition (`apps.v1.StatefulSet@1.35`). */
export function validatorFor(root: string): Validator {
  let validator = loaded.get(root);
  if (!validator) {
    const file = path.join(validatorsDir(), `${root}.cjs`);
    try {
      validator = require(file) as Validator;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? 'it is not built (run `npm run build`)' : String(error);
      throw new Error(`the schema validator ${root} could not be loaded: ${reason}`, { cause: error });
    }
    loaded.set(root, validator);
  }
  return validator;
}
