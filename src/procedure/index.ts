/** The guided migration's pure core: steps as data, the transition engine, inputs, messages. No I/O. */
export { transition } from './transition';
export { STEPS, DNS_STEP_IDS, LINKS, DEFAULT_SPF, stepDefinition, isStepId, isDnsStepId } from './steps';
export type { StepDefinition, StepContext, StepGuide } from './steps';
export { parseDomain, findNearMiss, editDistance } from './domain';
export { applyInputs, parseUsers, parseVerificationValue, parseTenantName, parseProvider, formatUsers } from './inputs';
export { createMigration, computeCurrentStep, mayChange, missingInputs, describeMigration, migrationRecordType } from './migration';
export type { MigrationSummary } from './migration';
export { renderMessage, MESSAGES, FIELD_LABELS } from './messages';
export { nextRecheckAt, RECHECK_BASE_MS, RECHECK_MAX_MS } from './recheck';
export * from './types';
