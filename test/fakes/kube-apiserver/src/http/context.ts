import { type Registry } from '../api/registry.js';
import { type ResourceService } from '../api/resource-service.js';
import { type ScaleSubresource } from '../api/scale.js';
import { type User } from '../auth/users.js';
import { type PodLogStore } from '../logs/pod-logs.js';
import { type MetricsSource } from '../metrics/metrics-source.js';
import { type OpenApiDocuments } from '../openapi/documents.js';
import { type ObjectStore } from '../store/object-store.js';
import { type Clock } from '../util/time.js';

/** Everything request handlers reach: one object per running server. */
export interface ServerContext {
  registry: Registry;
  store: ObjectStore;
  service: ResourceService;
  scale: ScaleSubresource;
  logs: PodLogStore;
  metrics: MetricsSource;
  openapi: OpenApiDocuments;
  clock: Clock;
  /** Users by bearer token. */
  users: Map<string, User>;
  /** The user for requests without a token, when anonymous access is on. */
  anonymous: User | undefined;
  serverVersion: { major: string; minor: string; gitVersion: string };
  bookmarkIntervalMs: number;
  /** Registers a long-lived stream so close() can end it. */
  track(end: () => void): () => void;
}
