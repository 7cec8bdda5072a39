import { eventsV1Representation } from './event-representation.js';
import {
  type ResourceType,
  scaleSubresource,
  standardVerbs,
  statusSubresource,
} from './resource-type.js';
import { configMapPrinter, eventPrinter, namespacePrinter, nodePrinter, pvcPrinter, secretPrinter, serviceAccountPrinter, servicePrinter } from '../printers/core-printers.js';
import { podPrinter } from '../printers/pod-printer.js';
import { defaultPrinter } from '../printers/printer.js';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  ingressPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from '../printers/workload-printers.js';

type Spec = Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural'> & Partial<ResourceType> & { status?: boolean };

function define(spec: Spec): ResourceType {
  const { status, ...rest } = spec;
  const subresources = [...(status === false ? [] : [statusSubresource(spec.group, spec.version, spec.kind)]), ...(spec.subresources ?? [])];
  return {
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: standardVerbs,
    storage: `${spec.group}/${spec.plural}`,
    printer: defaultPrinter,
    selectableFields: [],
    ...rest,
    subresources,
  };
}

const replicasScale = { spec: ['spec', 'replicas'], status: ['status', 'replicas'], selector: 'labelSelector' as const };

/** Every built-in resource the fake serves, in discovery order. */
export const builtinTypes: ResourceType[] = [
  define({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], model: 'V1Namespace', printer: namespacePrinter, selectableFields: ['status.phase'] }),
  define({
    group: '', version: 'v1', kind: 'Pod', plural: 'pods', shortNames: ['po'], categories: ['all'], model: 'V1Pod', printer: podPrinter,
    subresources: [{ name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'] }],
    selectableFields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  }),
  define({ group: '', version: 'v1', kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], model: 'V1Service', printer: servicePrinter }),
  define({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], model: 'V1ConfigMap', printer: configMapPrinter, status: false }),
  define({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', model: 'V1Secret', printer: secretPrinter, status: false, selectableFields: ['type'] }),
  define({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], model: 'V1ServiceAccount', printer: serviceAccountPrinter, status: false }),
  define({ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], model: 'V1Node', printer: nodePrinter, selectableFields: ['spec.unschedulable'] }),
  define({
    group: '', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], model: 'CoreV1Event', printer: eventPrinter, status: false, storage: 'events',
    selectableFields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  }),
  define({ group: '', version: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], model: 'V1PersistentVolumeClaim', printer: pvcPrinter }),
  define({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], model: 'V1Deployment', printer: deploymentPrinter, subresources: [scaleSubresource()], scalePaths: replicasScale }),
  define({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], model: 'V1ReplicaSet', printer: replicaSetPrinter, subresources: [scaleSubresource()], scalePaths: replicasScale, selectableFields: ['status.replicas'] }),
  define({ group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], model: 'V1StatefulSet', printer: statefulSetPrinter, subresources: [scaleSubresource()], scalePaths: replicasScale }),
  define({ group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], model: 'V1DaemonSet', printer: daemonSetPrinter }),
  define({ group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', categories: ['all'], model: 'V1Job', printer: jobPrinter, selectableFields: ['status.successful'] }),
  define({ group: 'batch', version: 'v1', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'], model: 'V1CronJob', printer: cronJobPrinter }),
  define({ group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', shortNames: ['ing'], model: 'V1Ingress', printer: ingressPrinter }),
  define({
    group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', shortNames: ['ev'], model: 'EventsV1Event', printer: eventPrinter, status: false, storage: 'events', representation: eventsV1Representation,
    selectableFields: ['regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion', 'regarding.fieldPath', 'reason', 'reportingController', 'type'],
  }),
  define({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], model: 'V1CustomResourceDefinition' }),
  define({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'], model: 'V1SelfSubjectAccessReview', status: false, virtual: 'review' }),
  define({ group: 'authorization.k8s.io', version: 'v1', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', namespaced: false, verbs: ['create'], model: 'V1SelfSubjectRulesReview', status: false, virtual: 'review' }),
  define({ group: 'authentication.k8s.io', version: 'v1', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', namespaced: false, verbs: ['create'], model: 'V1SelfSubjectReview', status: false, virtual: 'review' }),
  define({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', singular: '', verbs: ['get', 'list'], status: false, virtual: 'metrics' }),
  define({ group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', singular: '', namespaced: false, verbs: ['get', 'list'], status: false, virtual: 'metrics' }),
];
