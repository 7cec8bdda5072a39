import { Registry } from './api/registry.js';
import { ResourceService } from './api/resource-service.js';
import { ScaleSubresource } from './api/scale.js';
import { Cluster } from './controllers/cluster.js';
import { type Controller } from './controllers/controller.js';
import { ControllerManager } from './controllers/controller-manager.js';
import { CrdController } from './controllers/crd-controller.js';
import { CronJobController } from './controllers/cronjob-controller.js';
import { DaemonSetController } from './controllers/daemonset-controller.js';
import { DeploymentController } from './controllers/deployment-controller.js';
import { EndpointsController } from './controllers/endpoints-controller.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { JobController } from './controllers/job-controller.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { NamespaceDefaultsController } from './controllers/namespace-defaults-controller.js';
import { PodLifecycle } from './controllers/pod-lifecycle.js';
import { type ImageFate } from './controllers/pod-status.js';
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

function imageFates(options: ResolvedOptions): (image: string) => ImageFate {
  return (image) => {
    if (image.includes('does-not-exist') || options.badImages.some((bad) => image.includes(bad))) return 'unpullable';
    if (image.includes('crashloop') || options.crashingImages.some((bad) => image.includes(bad))) return 'crashes';
    return 'runs';
  };
}

interface ControllerWiring {
  cluster: Cluster;
  logs: PodLogStore;
  options: ResolvedOptions;
  caCertificate: string;
  later: (delayMs: number, work: () => void) => void;
  wakeUp: (key: string, delayMs: number, work: () => void) => void;
  requeueCronJob: (key: string) => void;
}

/** Every controller, in the order kube-controller-manager would react to a change. */
function controllersOf(wiring: ControllerWiring): Controller[] {
  const { cluster, logs, options } = wiring;
  const pods = new PodLifecycle(cluster, wiring.later, {
    podStartDelayMs: options.podStartDelayMs,
    podCompletionMs: options.podCompletionMs,
    podTerminationMs: options.podTerminationMs,
    fateOf: imageFates(options),
  });
  return [
    new CrdController(cluster),
    new NamespaceDefaultsController(cluster, wiring.caCertificate),
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
    new CronJobController(cluster, wiring.wakeUp, wiring.requeueCronJob),
    new EndpointsController(cluster),
  ];
}

/** Wires the store, the API verbs and every controller together. */
export async function createClusterRuntime(options: ResolvedOptions, caCertificate: string): Promise<ClusterRuntime> {
  const schemas = new SchemaProvider(await ModelCatalog.load());
  const store = new ObjectStore();
  const registry = new Registry();
  const clock = systemClock;
  const service = new ResourceService({
    store,
    clock,
    schemaOf: (type) => schemas.forType(type),
    podTerminationMs: options.podTerminationMs,
    storageSchemaOf: (type) =>
      schemas.forType(registry.byStorage(type.storage).find((t) => t.representation === undefined) ?? type),
  });
  const cluster = new Cluster(store, registry, service, clock);
  const logs = new PodLogStore(defaultLogLines);
  const errors: unknown[] = [];
  const later = (delayMs: number, work: () => void) => manager.later(delayMs, work);
  const wakeUp = (key: string, delayMs: number, work: () => void) => manager.wakeUp(key, delayMs, work);
  const requeueCronJob = (key: string) => manager.enqueueByName('cronjob', key);
  const manager: ControllerManager = new ControllerManager(
    store,
    controllersOf({ cluster, logs, options, caCertificate, later, wakeUp, requeueCronJob }),
    (error) => errors.push(error),
  );
  const openapi = new OpenApiDocuments(registry, (type) => schemas.forType(type), options.serverVersion);
  const metrics = new MetricsSource();
  return {
    store,
    registry,
    service,
    scale: new ScaleSubresource(service),
    cluster,
    manager,
    logs,
    metrics,
    openapi,
    clock,
    errors,
  };
}
