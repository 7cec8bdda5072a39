import { defaultPod, defaultPodSpec } from './pod-defaults.js';
import { type JsonObject, asArray, asObject, asString, ensureObject, isObject } from '../util/object.js';

function defaultTemplate(owner: JsonObject, restartPolicy?: string): void {
  const template = ensureObject(owner, ['spec', 'template']);
  template.metadata ??= {};
  defaultPodSpec(ensureObject(template, ['spec']), restartPolicy);
}

function defaultDeployment(deployment: JsonObject): void {
  const spec = ensureObject(deployment, ['spec']);
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const strategy = ensureObject(spec, ['strategy']);
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, ['rollingUpdate']);
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  defaultTemplate(deployment);
}

function defaultStatefulSet(set: JsonObject): void {
  const spec = ensureObject(set, ['spec']);
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.revisionHistoryLimit ??= 10;
  const strategy = ensureObject(spec, ['updateStrategy']);
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') ensureObject(strategy, ['rollingUpdate']).partition ??= 0;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  defaultTemplate(set);
}

function defaultDaemonSet(set: JsonObject): void {
  const spec = ensureObject(set, ['spec']);
  spec.revisionHistoryLimit ??= 10;
  const strategy = ensureObject(spec, ['updateStrategy']);
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, ['rollingUpdate']);
    rolling.maxUnavailable ??= 1;
    rolling.maxSurge ??= 0;
  }
  defaultTemplate(set);
}

function defaultJob(job: JsonObject): void {
  const spec = ensureObject(job, ['spec']);
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  const uid = asString(asObject(job.metadata).uid);
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': asString(asObject(job.metadata).name),
    'controller-uid': uid,
    'job-name': asString(asObject(job.metadata).name),
  };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const templateMeta = ensureObject(job, ['spec', 'template', 'metadata']);
  templateMeta.labels = { ...asObject(templateMeta.labels), ...labels };
  defaultTemplate(job, 'Never');
}

function defaultCronJob(cronJob: JsonObject): void {
  const spec = ensureObject(cronJob, ['spec']);
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec = ensureObject(spec, ['jobTemplate', 'spec']);
  jobSpec.backoffLimit ??= 6;
  defaultPodSpec(ensureObject(jobSpec, ['template', 'spec']), 'OnFailure');
}

let nextClusterIp = 10;

function defaultService(service: JsonObject): void {
  const spec = ensureObject(service, ['spec']);
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
    nextClusterIp++;
    spec.clusterIP = `10.96.${Math.floor(nextClusterIp / 250)}.${(nextClusterIp % 250) + 1}`;
  }
  if (typeof spec.clusterIP === 'string') spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  for (const port of asArray(spec.ports)) {
    if (!isObject(port)) continue;
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
  service.status ??= { loadBalancer: {} };
}

function defaultSecret(secret: JsonObject): void {
  secret.type ??= 'Opaque';
  const stringData = asObject(secret.stringData);
  if (Object.keys(stringData).length > 0) {
    const data = asObject(secret.data);
    for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(asString(value)).toString('base64');
    secret.data = data;
  }
  delete secret.stringData;
}

function defaultNamespace(namespace: JsonObject): void {
  const metadata = ensureObject(namespace, ['metadata']);
  metadata.labels = { ...asObject(metadata.labels), 'kubernetes.io/metadata.name': asString(metadata.name) };
  ensureObject(namespace, ['spec']).finalizers ??= ['kubernetes'];
  ensureObject(namespace, ['status']).phase ??= 'Active';
}

function defaultPvc(claim: JsonObject): void {
  const spec = ensureObject(claim, ['spec']);
  spec.volumeMode ??= 'Filesystem';
  ensureObject(claim, ['status']).phase ??= 'Pending';
}

const byKind: Record<string, (object: JsonObject) => void> = {
  Pod: defaultPod,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': (rs) => {
    ensureObject(rs, ['spec']).replicas ??= 1;
    defaultTemplate(rs);
  },
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  Service: defaultService,
  Secret: defaultSecret,
  Namespace: defaultNamespace,
  PersistentVolumeClaim: defaultPvc,
};

/** Applies the real API server's defaulting for a kind (group/Kind key, core kinds bare). */
export function applyDefaults(group: string, kind: string, object: JsonObject): void {
  byKind[group === '' ? kind : `${group}/${kind}`]?.(object);
}
