import { Registry } from './api/registry.js';
import { ResourceService } from './api/resource-service.js';
import { ScaleSubresource } from './api/scale.js';
import { Cluster } from './controllers/cluster.js';
import { ControllerManager } from './controllers/controller-manager.js';
import { CrdController } from './controllers/crd-controller.js';
import { DaemonSetController } from './controllers/daemonset-controller.js';
import { DeploymentController } from './controllers/deployment-controller.js';
import { EndpointsController } from './controllers/endpoints-controller.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { JobController } from './controllers/job-controller.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { NamespaceDefaultsController } from './controllers/namespace-defaults-controller.js';
import { PodLifecycle } from './controllers/pod-lifecycle.js';
import { ReplicaSetController } from './controllers/replicaset-controller.js';
import { StatefulSetController } from './controllers/statefulset-controller.js';
import { PodLogStore, defaultLogLines } from './logs/pod-logs.js';
import { MetricsSource } from './metrics/metrics-source.js';
import { OpenApiDocuments } from './openapi/documents.js';
import { ModelCatalog } from './openapi/model-catalog.js';
import { SchemaProvider } from './openapi/schema-provider.js';
import { type ResolvedOptions } from './options.js';
import { ObjectStore } from './store/object-store.js';
import { type Clock, systemClock } from './util/time.js';

/** The cluster behind the HTTP server: storage, API verbs, controllers, logs and metrics. */
export interface ClusterRuntime {
  store: ObjectStore;
  registry: Registry;
  service: ResourceService;
  scale: ScaleSubresource;
  cluster: Cluster;
  manager: ControllerManager;
  logs: PodLogStore;
  metrics: MetricsSource;
  openapi: OpenApiDocuments;
  clock: Clock;
  errors: unknown[];
}

/** Wires the store, the API verbs and every controller together. */
export async function createClusterRuntime(options: ResolvedOptions, caCertificate: string): Promise<ClusterRuntime> {
  const catalog = await ModelCatalog.load();
  const schemas = new SchemaProvider(catalog);
  const store = new ObjectStore();
  const registry = new Registry();
  const clock = systemClock;
  const service = new ResourceService({
    store,
    clock,
    schemaOf: (type) => schemas.forType(type),
    storageSchemaOf: (type) =>
      schemas.forType(registry.byStorage(type.storage).find((t) => t.representation === undefined) ?? type),
  });
  const cluster = new Cluster(store, registry, service, clock);
  const logs = new PodLogStore(defaultLogLines);
  const errors: unknown[] = [];
  const isBadImage = (image: string) =>
    image.includes('does-not-exist') || options.badImages.some((bad) => image.includes(bad));
  const pods = new PodLifecycle(cluster, (delayMs, work) => manager.later(delayMs, work), {
    podStartDelayMs: options.podStartDelayMs,
    podCompletionMs: options.podCompletionMs,
    isBadImage,
  });
  const manager = new ControllerManager(
    store,
    [
      new CrdController(cluster),
      new NamespaceDefaultsController(cluster, caCertificate),
      new NamespaceController(cluster),
      new GarbageCollector(cluster, (namespace, name) => {
        logs.forget(namespace, name);
        pods.forget(namespace, name);
      }),
      pods,
      new ReplicaSetController(cluster),
      new DeploymentController(cluster),
      new StatefulSetController(cluster),
      new DaemonSetController(cluster),
      new JobController(cluster),
      new EndpointsController(cluster),
    ],
    (error) => errors.push(error),
  );
  const openapi = new OpenApiDocuments(registry, (type) => schemas.forType(type), options.serverVersion);
  return {
    store,
    registry,
    service,
    scale: new ScaleSubresource(service),
    cluster,
    manager,
    logs,
    metrics: new MetricsSource(),
    openapi,
    clock,
    errors,
  };
}
