/** How a list field merges: the struct tags of the Kubernetes Go types, which kubectl and the server both honour. */
export interface ListMeta {
  /** x-kubernetes-list-type */
  listType: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** x-kubernetes-patch-strategy */
  patchStrategy?: 'merge' | 'merge,retainKeys';
  /** x-kubernetes-patch-merge-key */
  patchMergeKey?: string;
}

const byName = (key: string, extra: string[] = []): ListMeta => ({
  listType: 'map',
  listMapKeys: [key, ...extra],
  patchStrategy: 'merge',
  patchMergeKey: key,
});
const conditions = byName('type');

/** Patch and list metadata keyed by "Model.field" for the built-in kinds served here. */
export const listMeta: Record<string, ListMeta> = {
  'V1ObjectMeta.finalizers': { listType: 'set', patchStrategy: 'merge' },
  'V1ObjectMeta.ownerReferences': byName('uid'),
  'V1PodSpec.containers': byName('name'),
  'V1PodSpec.initContainers': byName('name'),
  'V1PodSpec.ephemeralContainers': byName('name'),
  'V1PodSpec.volumes': { ...byName('name'), patchStrategy: 'merge,retainKeys' },
  'V1PodSpec.imagePullSecrets': byName('name'),
  'V1PodSpec.hostAliases': byName('ip'),
  'V1PodSpec.topologySpreadConstraints': byName('topologyKey', ['whenUnsatisfiable']),
  'V1PodSpec.schedulingGates': byName('name'),
  'V1PodSpec.resourceClaims': { ...byName('name'), patchStrategy: 'merge,retainKeys' },
  'V1Container.ports': byName('containerPort', ['protocol']),
  'V1Container.env': byName('name'),
  'V1Container.volumeMounts': byName('mountPath'),
  'V1Container.volumeDevices': byName('devicePath'),
  'V1EphemeralContainer.env': byName('name'),
  'V1EphemeralContainer.volumeMounts': byName('mountPath'),
  'V1EphemeralContainer.volumeDevices': byName('devicePath'),
  'V1PodStatus.conditions': conditions,
  'V1PodStatus.podIPs': byName('ip'),
  'V1PodStatus.hostIPs': byName('ip'),
  'V1ServiceSpec.ports': byName('port', ['protocol']),
  'V1ServiceAccount.secrets': byName('name'),
  'V1NodeSpec.podCIDRs': { listType: 'set', patchStrategy: 'merge' },
  'V1NodeStatus.conditions': conditions,
  'V1NodeStatus.addresses': byName('type'),
  'V1NamespaceStatus.conditions': conditions,
  'V1DeploymentStatus.conditions': conditions,
  'V1ReplicaSetStatus.conditions': conditions,
  'V1StatefulSetStatus.conditions': conditions,
  'V1DaemonSetStatus.conditions': conditions,
  'V1JobStatus.conditions': conditions,
  'V1PersistentVolumeClaimStatus.conditions': conditions,
  'V1CustomResourceDefinitionStatus.conditions': conditions,
};

/** Struct fields whose patch strategy is retainKeys (a union: setting one member clears the others). */
export const retainKeysFields = new Set([
  'V1DeploymentSpec.strategy',
  'V1DaemonSetSpec.updateStrategy',
  'V1StatefulSetSpec.updateStrategy',
]);

/** Fields holding resource.Quantity values, which accept numbers as well as strings ("cpu: 1"). */
export const quantityFields = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1NodeStatus.capacity',
  'V1NodeStatus.allocatable',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1ContainerStatus.allocatedResources',
  'V1EmptyDirVolumeSource.sizeLimit',
]);

/** Structs that server-side apply treats as one atomic value (x-kubernetes-map-type: atomic). */
export const atomicStructs = new Set([
  'V1LabelSelector',
  'V1LocalObjectReference',
  'V1ObjectReference',
  'V1NodeSelector',
]);
