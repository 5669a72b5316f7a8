// The rule registry: explicit and sorted, so that nothing is discovered from the file system at run time.

import type { Rule } from '../src/rule.js';
import activeDeadlineSeconds from './active-deadline-seconds.js';
import apiRemoved from './api-removed.js';
import claimTemplateIncomplete from './claim-template-incomplete.js';
import claimTemplateInvalid from './claim-template-invalid.js';
import claimTemplateNameInvalid from './claim-template-name-invalid.js';
import claimTemplateUnmounted from './claim-template-unmounted.js';
import dnsNameInvalid from './dns-name-invalid.js';
import maxUnavailableInvalid from './max-unavailable-invalid.js';
import nameTooLong from './name-too-long.js';
import negativeCount from './negative-count.js';
import podManagementPolicyInvalid from './pod-management-policy-invalid.js';
import podTemplateInvalid from './pod-template-invalid.js';
import pvcRetentionDeletesData from './pvc-retention-deletes-data.js';
import restartPolicyNotAlways from './restart-policy-not-always.js';
import retentionPolicyInvalid from './retention-policy-invalid.js';
import revisionHistoryLimitNegative from './revision-history-limit-negative.js';
import rollingUpdateWithOnDelete from './rolling-update-with-on-delete.js';
import selectorMismatch from './selector-mismatch.js';
import serviceClusterIpsInconsistent from './service-cluster-ips-inconsistent.js';
import serviceHeadlessTypeInvalid from './service-headless-type-invalid.js';
import serviceMissing from './service-missing.js';
import serviceNameEmpty from './service-name-empty.js';
import serviceNameInvalid from './service-name-invalid.js';
import serviceNameUnusable from './service-name-unusable.js';
import serviceNotHeadless from './service-not-headless.js';
import servicePortsInvalid from './service-ports-invalid.js';
import serviceSelectorMismatch from './service-selector-mismatch.js';
import templateApiWarnings from './template-api-warnings.js';
import templateHostnameIgnored from './template-hostname-ignored.js';
import templateMetadataInvalid from './template-metadata-invalid.js';
import tolerateUnreadyAnnotation from './tolerate-unready-annotation.js';
import updateStrategyInvalid from './update-strategy-invalid.js';
import volumeMountUnresolved from './volume-mount-unresolved.js';

export const rules: readonly Rule[] = [
  activeDeadlineSeconds,
  apiRemoved,
  claimTemplateIncomplete,
  claimTemplateInvalid,
  claimTemplateNameInvalid,
  claimTemplateUnmounted,
  dnsNameInvalid,
  maxUnavailableInvalid,
  nameTooLong,
  negativeCount,
  podManagementPolicyInvalid,
  podTemplateInvalid,
  pvcRetentionDeletesData,
  restartPolicyNotAlways,
  retentionPolicyInvalid,
  revisionHistoryLimitNegative,
  rollingUpdateWithOnDelete,
  selectorMismatch,
  serviceClusterIpsInconsistent,
  serviceHeadlessTypeInvalid,
  serviceMissing,
  serviceNameEmpty,
  serviceNameInvalid,
  serviceNameUnusable,
  serviceNotHeadless,
  servicePortsInvalid,
  serviceSelectorMismatch,
  templateApiWarnings,
  templateHostnameIgnored,
  templateMetadataInvalid,
  tolerateUnreadyAnnotation,
  updateStrategyInvalid,
  volumeMountUnresolved,
] as Rule[];
