import { asArray, asNumber, asObject, asString, getIn, type JsonObject } from '../util/object.js';
import { ageOf } from '../util/time.js';
import { type Printer, ageCell, ageColumn, column, formatMap, nameColumn, nameOf } from './printer.js';

/** Namespaces: NAME, STATUS, AGE. */
export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
  cells: (ns, now) => [nameOf(ns), asString(getIn(ns, ['status', 'phase'])), ageCell(ns, now)],
};

function servicePorts(service: JsonObject): string {
  const ports = asArray(getIn(service, ['spec', 'ports'])).map(asObject);
  if (ports.length === 0) return '<none>';
  return ports
    .map((port) => {
      const nodePort = asNumber(port.nodePort) > 0 ? `:${asNumber(port.nodePort)}` : '';
      return `${asNumber(port.port)}${nodePort}/${asString(port.protocol, 'TCP')}`;
    })
    .join(',');
}

function externalIp(service: JsonObject): string {
  const type = asString(getIn(service, ['spec', 'type']), 'ClusterIP');
  const external = asArray(getIn(service, ['spec', 'externalIPs'])).map((ip) => asString(ip));
  if (type === 'ExternalName') return asString(getIn(service, ['spec', 'externalName']));
  if (type === 'LoadBalancer') {
    const ingress = asArray(getIn(service, ['status', 'loadBalancer', 'ingress'])).map(asObject);
    const ips = [...ingress.map((entry) => asString(entry.ip) || asString(entry.hostname)), ...external];
    return ips.length > 0 ? ips.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : '<none>';
}

/** Services: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
    column(
      'External-IP',
      'string',
      'List of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn,
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells: (service, now) => [
    nameOf(service),
    asString(getIn(service, ['spec', 'type']), 'ClusterIP'),
    asString(getIn(service, ['spec', 'clusterIP'])) || '<none>',
    externalIp(service),
    servicePorts(service),
    ageCell(service, now),
    formatMap(getIn(service, ['spec', 'selector'])),
  ],
};

/** ConfigMaps: NAME, DATA, AGE. */
export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data', 'integer', 'Data contains the configuration data.'), ageColumn],
  cells: (cm, now) => [
    nameOf(cm),
    Object.keys(asObject(cm.data)).length + Object.keys(asObject(cm.binaryData)).length,
    ageCell(cm, now),
  ],
};

/** Secrets: NAME, TYPE, DATA, AGE. */
export const secretPrinter: Printer = {
  columns: [
    nameColumn,
    column('Type', 'string', 'The type of the secret'),
    column('Data', 'integer', 'The number of data entries in the secret'),
    ageColumn,
  ],
  cells: (secret, now) => [
    nameOf(secret),
    asString(secret.type, 'Opaque'),
    Object.keys(asObject(secret.data)).length,
    ageCell(secret, now),
  ],
};

/** ServiceAccounts: NAME, SECRETS, AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [
    nameColumn,
    column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace'),
    ageColumn,
  ],
  cells: (sa, now) => [nameOf(sa), asArray(sa.secrets).length, ageCell(sa, now)],
};

function nodeStatus(node: JsonObject): string {
  const ready = asArray(getIn(node, ['status', 'conditions']))
    .map(asObject)
    .find((condition) => condition.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady'];
  if (getIn(node, ['spec', 'unschedulable']) === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: JsonObject): string {
  const labels = Object.keys(asObject(getIn(node, ['metadata', 'labels'])));
  const roles = labels
    .filter((label) => label.startsWith('node-role.kubernetes.io/'))
    .map((label) => label.slice('node-role.kubernetes.io/'.length));
  return roles.length > 0 ? roles.sort().join(',') : '<none>';
}

function nodeAddress(node: JsonObject, type: string): string {
  const address = asArray(getIn(node, ['status', 'addresses']))
    .map(asObject)
    .find((entry) => entry.type === type);
  return address === undefined ? '<none>' : asString(address.address);
}

/** Nodes: NAME, STATUS, ROLES, AGE, VERSION and the wide node-info columns. */
export const nodePrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column(
      'Internal-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      1,
    ),
    column(
      'External-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      1,
    ),
    column(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    column(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    column(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  cells: (node, now) => [
    nameOf(node),
    nodeStatus(node),
    nodeRoles(node),
    ageCell(node, now),
    asString(getIn(node, ['status', 'nodeInfo', 'kubeletVersion'])),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    asString(getIn(node, ['status', 'nodeInfo', 'osImage'])) || '<unknown>',
    asString(getIn(node, ['status', 'nodeInfo', 'kernelVersion'])) || '<unknown>',
    asString(getIn(node, ['status', 'nodeInfo', 'containerRuntimeVersion'])) || '<unknown>',
  ],
};

/** PersistentVolumeClaims: NAME, STATUS, VOLUME, CAPACITY, ACCESS MODES, STORAGECLASS, VOLUMEATTRIBUTESCLASS, AGE. */
export const pvcPrinter: Printer = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Phase represents the current phase of PersistentVolumeClaim.'),
    column('Volume', 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
    column('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    column('Access Modes', 'string', 'accessModes contains the desired access modes the volume should have.'),
    column('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.'),
    column(
      'VolumeAttributesClass',
      'string',
      'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.',
    ),
    ageColumn,
    column('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells: (pvc, now) => [
    nameOf(pvc),
    asString(getIn(pvc, ['status', 'phase']), 'Pending'),
    asString(getIn(pvc, ['spec', 'volumeName'])),
    asString(getIn(pvc, ['status', 'capacity', 'storage'])),
    asArray(getIn(pvc, ['status', 'accessModes']))
      .map((mode) => accessModeShort(asString(mode)))
      .join(','),
    asString(getIn(pvc, ['spec', 'storageClassName'])) || '<unset>',
    asString(getIn(pvc, ['spec', 'volumeAttributesClassName'])) || '<unset>',
    ageCell(pvc, now),
    asString(getIn(pvc, ['spec', 'volumeMode']), 'Filesystem'),
  ],
};

function accessModeShort(mode: string): string {
  const short: Record<string, string> = {
    ReadWriteOnce: 'RWO',
    ReadOnlyMany: 'ROX',
    ReadWriteMany: 'RWX',
    ReadWriteOncePod: 'RWOP',
  };
  return short[mode] ?? mode;
}

/** Events (core/v1 and events.k8s.io/v1 share it): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and wide columns. */
export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    column(
      'Reason',
      'string',
      'This should be a short, machine understandable string that gives the reason for this event being generated.',
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'The subobject that this event is about.', 1),
    column('Source', 'string', 'The component reporting this event.', 1),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...nameColumn, priority: 1 },
  ],
  cells(event, now) {
    const regarding = asObject(event.involvedObject ?? event.regarding);
    const last = event.lastTimestamp ?? event.eventTime ?? getIn(event, ['metadata', 'creationTimestamp']);
    const first = event.firstTimestamp ?? event.deprecatedFirstTimestamp ?? event.eventTime;
    const source = asString(getIn(event, ['source', 'component'])) || asString(event.reportingController);
    return [
      ageOf(last, now),
      asString(event.type),
      asString(event.reason),
      `${asString(regarding.kind).toLowerCase()}/${asString(regarding.name)}`,
      asString(regarding.fieldPath),
      source,
      asString(event.message ?? event.note),
      ageOf(first, now),
      asNumber(event.count ?? event.deprecatedCount, 1),
      nameOf(event),
    ];
  },
};
