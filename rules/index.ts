// The rule registry: explicit and sorted, so that nothing is discovered from the file system at run time.

import type { Rule } from '../src/rule.js';
import antiAffinityIneffective from './anti-affinity-ineffective.js';
import antiAffinityMissing from './anti-affinity-missing.js';
import apiRemoved from './api-removed.js';
import claimTemplateIncomplete from './claim-template-incomplete.js';
import claimTemplateUnmounted from './claim-template-unmounted.js';
import dnsNameInvalid from './dns-name-invalid.js';
import forcedRollbackRisk from './forced-rollback-risk.js';
import gatedFieldDropped from './gated-field-dropped.js';
import maxUnavailableIneffective from './max-unavailable-ineffective.js';
import nameTooLong from './name-too-long.js';
import pdbBlocksDrain from './pdb-blocks-drain.js';
import pdbMissing from './pdb-missing.js';
import pdbSelectorMismatch from './pdb-selector-mismatch.js';
import petsetInitializedAnnotation from './petset-initialized-annotation.js';
import podLabelUnavailable from './pod-label-unavailable.js';
import pvcRetentionDeletesData from './pvc-retention-deletes-data.js';
import readinessProbeMissing from './readiness-probe-missing.js';
import selectorMismatch from './selector-mismatch.js';
import serviceMissing from './service-missing.js';
import serviceNotHeadless from './service-not-headless.js';
import serviceSelectorMismatch from './service-selector-mismatch.js';
import terminationGraceZero from './termination-grace-zero.js';
import v1beta1Semantics from './v1beta1-semantics.js';
import volumeMountUnresolved from './volume-mount-unresolved.js';

export const rules: readonly Rule[] = [
  antiAffinityIneffective,
  antiAffinityMissing,
  apiRemoved,
  claimTemplateIncomplete,
  claimTemplateUnmounted,
  dnsNameInvalid,
  forcedRollbackRisk,
  gatedFieldDropped,
  maxUnavailableIneffective,
  nameTooLong,
  pdbBlocksDrain,
  pdbMissing,
  pdbSelectorMismatch,
  petsetInitializedAnnotation,
  podLabelUnavailable,
  pvcRetentionDeletesData,
  readinessProbeMissing,
  selectorMismatch,
  serviceMissing,
  serviceNotHeadless,
  serviceSelectorMismatch,
  terminationGraceZero,
  v1beta1Semantics,
  volumeMountUnresolved,
] as Rule[];
