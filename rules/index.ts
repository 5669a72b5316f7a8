// The rule registry: explicit and sorted, so that nothing is discovered from the file system at run time.

import type { Rule } from '../src/engine/rule.js';
import accessModePreferRwop from './access-mode-prefer-rwop.js';
import activeDeadlineSeconds from './active-deadline-seconds.js';
import advancedStatefulSetInvalid from './advanced-statefulset-invalid.js';
import antiAffinityIneffective from './anti-affinity-ineffective.js';
import antiAffinityMissing from './anti-affinity-missing.js';
import apiRemoved from './api-removed.js';
import claimTemplateDuplicate from './claim-template-duplicate.js';
import claimTemplateIncomplete from './claim-template-incomplete.js';
import claimTemplateInvalid from './claim-template-invalid.js';
import claimTemplateNameInvalid from './claim-template-name-invalid.js';
import claimTemplateShadowsVolume from './claim-template-shadows-volume.js';
import claimTemplateUnmounted from './claim-template-unmounted.js';
import dnsNameInvalid from './dns-name-invalid.js';
import duplicateResource from './duplicate-resource.js';
import forcedRollbackRisk from './forced-rollback-risk.js';
import gatedFieldDropped from './gated-field-dropped.js';
import hpaWithReplicas from './hpa-with-replicas.js';
import initContainerAnnotation from './init-container-annotation.js';
import maxUnavailableIneffective from './max-unavailable-ineffective.js';
import maxUnavailableInvalid from './max-unavailable-invalid.js';
import nameTooLong from './name-too-long.js';
import negativeCount from './negative-count.js';
import noStableStorage from './no-stable-storage.js';
import pdbBlocksDrain from './pdb-blocks-drain.js';
import pdbMissing from './pdb-missing.js';
import pdbSelectorMismatch from './pdb-selector-mismatch.js';
import peerDiscoveryNotReady from './peer-discovery-not-ready.js';
import peerOrdinalOutOfRange from './peer-ordinal-out-of-range.js';
import peerWrongService from './peer-wrong-service.js';
import petsetInitializedAnnotation from './petset-initialized-annotation.js';
import podLabelUnavailable from './pod-label-unavailable.js';
import podManagementPolicyInvalid from './pod-management-policy-invalid.js';
import podTemplateInvalid from './pod-template-invalid.js';
import precreatedClaimMismatch from './precreated-claim-mismatch.js';
import pvcRetentionDeletesData from './pvc-retention-deletes-data.js';
import readinessProbeMissing from './readiness-probe-missing.js';
import restartPolicyNotAlways from './restart-policy-not-always.js';
import retentionPolicyInvalid from './retention-policy-invalid.js';
import revisionHistoryLimitNegative from './revision-history-limit-negative.js';
import rollingUpdateWithOnDelete from './rolling-update-with-on-delete.js';
import rolloutNotTriggered from './rollout-not-triggered.js';
import rwoClaimReplicas from './rwo-claim-replicas.js';
import rwoClaimRollingUpdate from './rwo-claim-rolling-update.js';
import scaleDownKeepsClaims from './scale-down-keeps-claims.js';
import schemaInvalid from './schema-invalid.js';
import selectorControllerLabel from './selector-controller-label.js';
import selectorMismatch from './selector-mismatch.js';
import selectorOverlap from './selector-overlap.js';
import serviceClusterIpsInconsistent from './service-cluster-ips-inconsistent.js';
import serviceHeadlessTypeInvalid from './service-headless-type-invalid.js';
import serviceMissing from './service-missing.js';
import serviceNameEmpty from './service-name-empty.js';
import serviceNameInvalid from './service-name-invalid.js';
import serviceNameUnusable from './service-name-unusable.js';
import serviceNotHeadless from './service-not-headless.js';
import servicePortsInvalid from './service-ports-invalid.js';
import serviceSelectorMismatch from './service-selector-mismatch.js';
import sharedStaticClaim from './shared-static-claim.js';
import srvPortUnnamed from './srv-port-unnamed.js';
import storageClassMissing from './storage-class-missing.js';
import storageDeleted from './storage-deleted.js';
import storageOrphaned from './storage-orphaned.js';
import templateApiWarnings from './template-api-warnings.js';
import templateControllerLabel from './template-controller-label.js';
import templateHostnameIgnored from './template-hostname-ignored.js';
import templateMetadataInvalid from './template-metadata-invalid.js';
import terminationGraceZero from './termination-grace-zero.js';
import tolerateUnreadyAnnotation from './tolerate-unready-annotation.js';
import updateForbidden from './update-forbidden.js';
import updateStrategyInvalid from './update-strategy-invalid.js';
import v1beta1Semantics from './v1beta1-semantics.js';
import volumeMountUnresolved from './volume-mount-unresolved.js';

export const rules: readonly Rule[] = [
  accessModePreferRwop,
  activeDeadlineSeconds,
  advancedStatefulSetInvalid,
  antiAffinityIneffective,
  antiAffinityMissing,
  apiRemoved,
  claimTemplateDuplicate,
  claimTemplateIncomplete,
  claimTemplateInvalid,
  claimTemplateNameInvalid,
  claimTemplateShadowsVolume,
  claimTemplateUnmounted,
  dnsNameInvalid,
  duplicateResource,
  forcedRollbackRisk,
  gatedFieldDropped,
  hpaWithReplicas,
  initContainerAnnotation,
  maxUnavailableIneffective,
  maxUnavailableInvalid,
  nameTooLong,
  negativeCount,
  noStableStorage,
  pdbBlocksDrain,
  pdbMissing,
  pdbSelectorMismatch,
  peerDiscoveryNotReady,
  peerOrdinalOutOfRange,
  peerWrongService,
  petsetInitializedAnnotation,
  podLabelUnavailable,
  podManagementPolicyInvalid,
  podTemplateInvalid,
  precreatedClaimMismatch,
  pvcRetentionDeletesData,
  readinessProbeMissing,
  restartPolicyNotAlways,
  retentionPolicyInvalid,
  revisionHistoryLimitNegative,
  rollingUpdateWithOnDelete,
  rolloutNotTriggered,
  rwoClaimReplicas,
  rwoClaimRollingUpdate,
  scaleDownKeepsClaims,
  schemaInvalid,
  selectorControllerLabel,
  selectorMismatch,
  selectorOverlap,
  serviceClusterIpsInconsistent,
  serviceHeadlessTypeInvalid,
  serviceMissing,
  serviceNameEmpty,
  serviceNameInvalid,
  serviceNameUnusable,
  serviceNotHeadless,
  servicePortsInvalid,
  serviceSelectorMismatch,
  sharedStaticClaim,
  srvPortUnnamed,
  storageClassMissing,
  storageDeleted,
  storageOrphaned,
  templateApiWarnings,
  templateControllerLabel,
  templateHostnameIgnored,
  templateMetadataInvalid,
  terminationGraceZero,
  tolerateUnreadyAnnotation,
  updateForbidden,
  updateStrategyInvalid,
  v1beta1Semantics,
  volumeMountUnresolved,
] as Rule[];
