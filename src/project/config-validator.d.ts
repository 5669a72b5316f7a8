// Types of dist/src/config-validator.js, which scripts/build-config-validator.mjs generates from
// schemas/config.schema.json at build time.

import type { ErrorObject } from 'ajv';

declare const validate: {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
};
export default validate;
