// The rule registry: explicit and sorted, so that nothing is discovered from the file system at run time.

import type { Rule } from '../src/rule.js';
import apiRemoved from './api-removed.js';
import claimTemplateIncomplete from './claim-template-incomplete.js';
import claimTemplateUnmounted from './claim-template-unmounted.js';
import dnsNameInvalid from './dns-name-invalid.js';
import nameTooLong from './name-too-long.js';
import pvcRetentionDeletesData from './pvc-retention-deletes-data.js';
import schemaInvalid from './schema-invalid.js';
import selectorMismatch from './selector-mismatch.js';
import serviceMissing from './service-missing.js';
import serviceNotHeadless from './service-not-headless.js';
import serviceSelectorMismatch from './service-selector-mismatch.js';
import volumeMountUnresolved from './volume-mount-unresolved.js';

export const rules: readonly Rule[] = [
  apiRemoved,
  claimTemplateIncomplete,
  claimTemplateUnmounted,
  dnsNameInvalid,
  nameTooLong,
  pvcRetentionDeletesData,
  schemaInvalid,
  selectorMismatch,
  serviceMissing,
  serviceNotHeadless,
  serviceSelectorMismatch,
  volumeMountUnresolved,
] as Rule[];
