import { type Cluster, controllerReference } from './cluster.js';
import { type Controller } from './controller.js';
import { isPodReady } from './pod-lifecycle.js';
import { compileLabelSelector, labelsOf } from '../store/label-selector.js';
import { type StoreEvent } from '../store/object-store.js';
import { type JsonObject, asArray, asObject, asString, deepEqual, getIn } from '../util/object.js';

const manager = 'endpointslice-controller';

function podPort(pod: JsonObject, targetPort: unknown, fallback: number): number {
  if (typeof targetPort === 'number') return targetPort;
  const named = asArray(getIn(pod, ['spec', 'containers']))
    .flatMap((c) => asArray(asObject(c).ports))
    .map(asObject)
    .find((port) => port.name === targetPort);
  return typeof named?.containerPort === 'number' ? named.containerPort : fallback;
}

function targetRef(pod: JsonObject): JsonObject {
  const meta = asObject(pod.metadata);
  return { kind: 'Pod', namespace: meta.namespace, name: meta.name, uid: meta.uid };
}

/** Keeps an Endpoints object and an EndpointSlice per selector Service, listing its pods' IPs (what `describe service` shows). */
export class EndpointsController implements Controller {
  readonly name = 'endpoints';

  constructor(private readonly cluster: Cluster) {}

  keysFor(event: StoreEvent): string[] {
    if (event.storage === '/services' && event.type !== 'DELETED') {
      return [`${event.namespace}/${asString(getIn(event.object, ['metadata', 'name']))}`];
    }
    if (event.storage !== '/pods') return [];
    return this.cluster
      .list('', 'Service', event.namespace)
      .map((service) => `${event.namespace}/${asString(getIn(service, ['metadata', 'name']))}`);
  }

  sync(namespace: string, name: string): void {
    const service = this.cluster.get('', 'Service', namespace, name);
    const selector = asObject(getIn(service, ['spec', 'selector']));
    if (service === undefined || Object.keys(selector).length === 0) return;
    const matches = compileLabelSelector({ matchLabels: selector });
    const pods = this.cluster
      .list('', 'Pod', namespace)
      .filter((pod) => matches(labelsOf(pod)) && asString(getIn(pod, ['status', 'podIP'])) !== '')
      .filter((pod) => !['Succeeded', 'Failed'].includes(asString(getIn(pod, ['status', 'phase']))));
    const ports = asArray(getIn(service, ['spec', 'ports'])).map(asObject);
    this.writeEndpoints(service, pods, ports);
    this.writeSlice(service, pods, ports);
  }

  private writeEndpoints(service: JsonObject, pods: JsonObject[], ports: JsonObject[]): void {
    const address = (pod: JsonObject) => ({
      ip: getIn(pod, ['status', 'podIP']),
      nodeName: getIn(pod, ['spec', 'nodeName']),
      targetRef: targetRef(pod),
    });
    const ready = pods.filter(isPodReady).map(address);
    const notReady = pods.filter((pod) => !isPodReady(pod)).map(address);
    const first = pods[0];
    const subsets =
      pods.length === 0 || first === undefined
        ? undefined
        : [
            {
              ...(ready.length > 0 ? { addresses: ready } : {}),
              ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
              ports: ports.map((port) => ({
                name: port.name,
                port: podPort(first, port.targetPort, Number(port.port)),
                protocol: asString(port.protocol, 'TCP'),
              })),
            },
          ];
    this.upsert(service, 'Endpoints', asString(getIn(service, ['metadata', 'name'])), { subsets });
  }

  private writeSlice(service: JsonObject, pods: JsonObject[], ports: JsonObject[]): void {
    const endpoints = pods.map((pod) => ({
      addresses: [getIn(pod, ['status', 'podIP'])],
      conditions: { ready: isPodReady(pod), serving: isPodReady(pod), terminating: false },
      nodeName: getIn(pod, ['spec', 'nodeName']),
      targetRef: targetRef(pod),
    }));
    const first = pods[0];
    const slicePorts = ports.map((port) => ({
      name: asString(port.name),
      port: first === undefined ? Number(port.port) : podPort(first, port.targetPort, Number(port.port)),
      protocol: asString(port.protocol, 'TCP'),
    }));
    this.upsert(service, 'EndpointSlice', `${asString(getIn(service, ['metadata', 'name']))}-slice`, {
      addressType: 'IPv4',
      endpoints,
      ports: slicePorts,
    });
  }

  private upsert(service: JsonObject, kind: 'Endpoints' | 'EndpointSlice', name: string, content: JsonObject): void {
    const group = kind === 'EndpointSlice' ? 'discovery.k8s.io' : '';
    const namespace = asString(getIn(service, ['metadata', 'namespace']));
    const serviceName = asString(getIn(service, ['metadata', 'name']));
    const existing = this.cluster.get(group, kind, namespace, name);
    if (existing === undefined) {
      this.cluster.create(
        group,
        kind,
        namespace,
        {
          apiVersion: kind === 'EndpointSlice' ? 'discovery.k8s.io/v1' : 'v1',
          kind,
          metadata: {
            name,
            labels:
              kind === 'EndpointSlice'
                ? {
                    'kubernetes.io/service-name': serviceName,
                    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                  }
                : { ...asObject(getIn(service, ['metadata', 'labels'])) },
            ownerReferences: [controllerReference(service)],
          },
          ...content,
        },
        manager,
      );
      return;
    }
    if (Object.entries(content).every(([key, value]) => deepEqual(existing[key], value))) return;
    this.cluster.update(existing, (copy) => Object.assign(copy, content), manager);
  }
}
