export {
  ToolError,
  toolErrorResult,
  asToolError,
  isAbortError,
  errorCodes,
  ERROR_META_KEY,
  type ErrorCode,
  type ToolErrorOptions,
} from './errors.js';
export {
  defineTool,
  defineToolFor,
  classOf,
  readOnly,
  write,
  destructive,
  type Tool,
  type ToolSpec,
  type ToolAnnotations,
  type ToolContext,
  type CoreContext,
  type ProgressReporter,
  type ClientLog,
  type ClientLogLevel,
  type HistoryRecorder,
  type NoteBook,
} from './tool.js';
export {
  defineResource,
  defineResourceTemplate,
  definePrompt,
  type Resource,
  type ResourceTemplate,
  type ResourceListing,
  type ResourceBody,
  type Prompt,
  type PromptBody,
  type AskContext,
  type Completer,
  type CompletionContext,
  type ReadContext,
} from './resource.js';
export {
  question,
  type Question,
  type QuestionKind,
  type AnswerOf,
  type ClientRoot,
  type SampleOptions,
} from './input/question.js';
export { type Ask, type Answers } from './input/round.js';
export {
  buildServer,
  type ServerDefinition,
  type ServerOptions,
  type InfraServer,
  type InstanceContext,
} from './server.js';
export { compose, type Middleware, type ToolCall, type CallOutcome, type Era, type Terminal } from './pipeline/call.js';
export { requiredScopes } from './pipeline/authorize.js';
export { serverModes, modeAllows, modeFor, maxClass, type ServerMode, type ToolClass } from './policy/mode.js';
export { localPrincipal, anonymousLoopbackPrincipal, hasScope, type Principal } from './principal.js';
export { truncationSchema, truncated, type Truncation } from './output/truncation.js';
export { renderText, type RenderOptions } from './output/text.js';
export {
  imageContent,
  audioContent,
  embeddedResource,
  type ImageContent,
  type AudioContent,
  type EmbeddedResource,
  type ContentKind,
} from './output/content.js';
export { fenceText, untrusted, untrustedNotice } from './output/untrusted.js';
export { redactString, redactValue, isSecretKey } from './output/redact.js';
export { fitToBudget, shapeOutput, formatBytes, type ShapedOutput } from './output/budget.js';
export { jsonBytes, jsonBytesUpTo, type Precision } from './output/json-bytes.js';
export {
  createLogger,
  silentLogger,
  describeError,
  logLevels,
  type Logger,
  type LogLevel,
  type LogFields,
  type LogSink,
  type LoggerOptions,
} from './log.js';
export {
  loadConfig,
  coreConfigSchema,
  ConfigError,
  describeIssues,
  type CoreConfig,
  type LoadedConfig,
  type LoadConfigOptions,
} from './config.js';
export { defaultDataDir, defaultCacheDir } from './paths.js';
export { installShutdown, type Shutdown, type ShutdownStep, type ShutdownOptions } from './shutdown.js';
export { serveStdio, type StdioOptions, type StdioHandle } from './transport/stdio.js';
export { guardStdout } from './transport/stdout-guard.js';
export type { ServerModule, ConfigureInput, CreateInput } from './server-module.js';
export type {
  StateStore,
  Page,
  Note,
  NoteRef,
  NoteInput,
  NoteQuery,
  HistoryEntry,
  HistoryInput,
  HistoryQuery,
  Handle,
  HandleInput,
  BucketSpec,
  TokenDecision,
  AuditInput,
  AuditRecord,
  AuditQuery,
  AuditOutcome,
} from './state/store.js';
// Metrics runtime (registry, endpoint) lives at @infra-mcp/core/metrics; only the types are here.
export type { Metrics, MetricsOptions, OperationTarget, OperationResult } from './metrics/metrics.js';
export type { ToolCallTracker } from './metrics/tool-tracker.js';
export type { MetricsServer, MetricsServerOptions } from './metrics/metrics-server.js';
export type { AuthFailureReason, RateLimitDecision, BreakerState, NetworkTransport } from './metrics/conventions.js';
// Persisted context: opening the state store, its limits, and the context tools and resources every server offers.
export { openStateStore, type OpenStateStoreOptions } from './state/open-state-store.js';
export { auditOutcomes } from './state/store.js';
export type { Retention } from './state/retention.js';
export { noteLimits } from './state/limits.js';
export { contextTools, contextResources, contextResourceTemplates } from './context/context-tools.js';
export { createPlatform, type Platform, type PlatformOptions } from './platform.js';
export { describeTool, type DescriptorSource, type DescriptorTable } from './describe.js';
export {
  createCircuitBreaker,
  isUpstreamFailure,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from './upstream/circuit-breaker.js';
export { createAuditSink, type AuditSink } from './audit/audit-sink.js';
export { createMemoryBuckets, rateLimit, type TokenTaker, type RateLimitOptions } from './policy/rate-limit.js';
export {
  parseRate,
  parseRateLimits,
  parseRateLimitEnv,
  defaultRateLimits,
  type RateLimitRules,
} from './policy/rate-limit-rules.js';
export { CONFIRMATION_TOKEN_ARG } from './policy/confirm.js';
export type { OutputSchemaDetail } from './advertise.js';
