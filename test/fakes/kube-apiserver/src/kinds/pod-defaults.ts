import { type JsonObject, asArray, asObject, asString, isObject } from '../util/object.js';

function defaultContainer(container: JsonObject): void {
  const image = asString(container.image);
  const tag = image.includes('@') ? 'digest' : (/:([^/:]+)$/.exec(image)?.[1] ?? 'latest');
  container.imagePullPolicy ??= tag === 'latest' ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of asArray(container.ports)) if (isObject(port)) port.protocol ??= 'TCP';
}

/** Fills the PodSpec defaults the real API server sets (restartPolicy, dnsPolicy, container pull policy...). */
export function defaultPodSpec(spec: JsonObject, restartPolicy = 'Always'): void {
  for (const list of ['containers', 'initContainers']) {
    for (const container of asArray(spec[list])) if (isObject(container)) defaultContainer(container);
  }
  spec.restartPolicy ??= restartPolicy;
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
}

function qosClass(spec: JsonObject): string {
  const containers = asArray(spec.containers).map(asObject);
  const resources = containers.map((c) => asObject(c.resources));
  if (
    resources.every(
      (r) => Object.keys(asObject(r.requests)).length === 0 && Object.keys(asObject(r.limits)).length === 0,
    )
  ) {
    return 'BestEffort';
  }
  const guaranteed = resources.every((r) => {
    const limits = asObject(r.limits);
    const requests = { ...limits, ...asObject(r.requests) };
    return ['cpu', 'memory'].every((name) => limits[name] !== undefined && requests[name] === limits[name]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Defaults for a new Pod: spec defaults, the default service account, tolerations, Pending status. */
export function defaultPod(pod: JsonObject): void {
  const spec = asObject(pod.spec);
  pod.spec = spec;
  defaultPodSpec(spec);
  spec.serviceAccountName ??= asString(spec.serviceAccount) || 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.tolerations ??= [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  const status = asObject(pod.status);
  status.phase ??= 'Pending';
  status.qosClass ??= qosClass(spec);
  pod.status = status;
}
