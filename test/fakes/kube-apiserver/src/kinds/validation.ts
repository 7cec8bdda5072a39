import { type StatusCause } from '../api/errors.js';
import { compileLabelSelector } from '../store/label-selector.js';
import { type JsonObject, asArray, asObject, asString, deepEqual, getIn, isObject } from '../util/object.js';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function required(field: string): StatusCause {
  return { reason: 'FieldValueRequired', message: 'Required value', field };
}

function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  const shown = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null');
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${detail}`, field };
}

/** Name rules: RFC 1123 labels for namespaces and services, subdomains for the rest. */
export function validateName(kind: string, name: string): StatusCause[] {
  if (name === '')
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  if (kind === 'Namespace' || kind === 'Service') {
    if (label.test(name) && name.length <= 63) return [];
    return [
      invalidValue(
        'metadata.name',
        name,
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ),
    ];
  }
  if (subdomain.test(name) && name.length <= 253) return [];
  return [
    invalidValue(
      'metadata.name',
      name,
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ),
  ];
}

function validatePodSpec(spec: unknown, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = asArray(getIn(spec, ['containers']));
  if (containers.length === 0) causes.push(required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((raw, index) => {
    const container = asObject(raw);
    const name = asString(container.name);
    if (name === '') causes.push(required(`${path}.containers[${index}].name`));
    else if (names.has(name))
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${name}"`,
        field: `${path}.containers[${index}].name`,
      });
    names.add(name);
    if (asString(container.image) === '') causes.push(required(`${path}.containers[${index}].image`));
  });
  return causes;
}

function validateSelectorMatches(object: JsonObject): StatusCause[] {
  const selector = getIn(object, ['spec', 'selector']);
  if (!isObject(selector)) return [required('spec.selector')];
  const labels = asObject(getIn(object, ['spec', 'template', 'metadata', 'labels']));
  if (Object.keys(asObject(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0) {
    return [invalidValue('spec.selector', selector, 'empty selector is invalid for deployment')];
  }
  if (compileLabelSelector(selector)(labels)) return [];
  return [invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`')];
}

function validateReplicas(object: JsonObject): StatusCause[] {
  const replicas = getIn(object, ['spec', 'replicas']);
  if (typeof replicas === 'number' && replicas < 0)
    return [invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0')];
  return [];
}

function validateWorkload(object: JsonObject): StatusCause[] {
  return [
    ...validateSelectorMatches(object),
    ...validateReplicas(object),
    ...validatePodSpec(getIn(object, ['spec', 'template', 'spec']), 'spec.template.spec'),
  ];
}

function validateService(service: JsonObject): StatusCause[] {
  const type = asString(getIn(service, ['spec', 'type']), 'ClusterIP');
  const ports = asArray(getIn(service, ['spec', 'ports']));
  const headless = getIn(service, ['spec', 'clusterIP']) === 'None';
  if (type !== 'ExternalName' && !headless && ports.length === 0) return [required('spec.ports')];
  return ports.flatMap((raw, index) => {
    const port = asObject(raw).port;
    return typeof port === 'number' && port > 0 && port < 65536
      ? []
      : [invalidValue(`spec.ports[${index}].port`, port ?? 0, 'must be between 1 and 65535, inclusive')];
  });
}

function validateSecret(secret: JsonObject): StatusCause[] {
  return Object.entries(asObject(secret.data)).flatMap(([key, value]) =>
    typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0
      ? []
      : [invalidValue(`data[${key}]`, '<secret contents redacted>', 'must be base64-encoded')],
  );
}

const validators: Record<string, (object: JsonObject) => StatusCause[]> = {
  Pod: (pod) => validatePodSpec(pod.spec, 'spec'),
  'apps/Deployment': validateWorkload,
  'apps/ReplicaSet': validateWorkload,
  'apps/StatefulSet': validateWorkload,
  'apps/DaemonSet': (ds) => [
    ...validateSelectorMatches(ds),
    ...validatePodSpec(getIn(ds, ['spec', 'template', 'spec']), 'spec.template.spec'),
  ],
  'batch/Job': (job) => validatePodSpec(getIn(job, ['spec', 'template', 'spec']), 'spec.template.spec'),
  'batch/CronJob': (cj) =>
    asString(getIn(cj, ['spec', 'schedule'])) === ''
      ? [required('spec.schedule')]
      : validatePodSpec(
          getIn(cj, ['spec', 'jobTemplate', 'spec', 'template', 'spec']),
          'spec.jobTemplate.spec.template.spec',
        ),
  Service: validateService,
  Secret: validateSecret,
};

/** The field errors of an object of a kind, as the real validation reports them. */
export function validateObject(group: string, kind: string, object: JsonObject): StatusCause[] {
  const name = asString(getIn(object, ['metadata', 'name']));
  return [...validateName(kind, name), ...(validators[group === '' ? kind : `${group}/${kind}`]?.(object) ?? [])];
}

/** Field errors for changes to immutable fields on update. */
export function validateImmutable(group: string, kind: string, previous: JsonObject, next: JsonObject): StatusCause[] {
  const selectorKinds = ['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet'];
  const key = group === '' ? kind : `${group}/${kind}`;
  if (
    selectorKinds.includes(key) &&
    !deepEqual(getIn(previous, ['spec', 'selector']), getIn(next, ['spec', 'selector']))
  ) {
    return [invalidValue('spec.selector', getIn(next, ['spec', 'selector']), 'field is immutable')];
  }
  if (key === 'Pod') {
    const images = (pod: JsonObject) =>
      asArray(getIn(pod, ['spec', 'containers'])).map((c) => [asString(asObject(c).name), asString(asObject(c).image)]);
    const strip = (pod: JsonObject) => ({
      ...asObject(pod.spec),
      containers: undefined,
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    });
    if (!deepEqual(strip(previous), strip(next)) || images(previous).length !== images(next).length) {
      return [
        {
          reason: 'FieldValueForbidden',
          message:
            'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
          field: 'spec',
        },
      ];
    }
  }
  return [];
}
