import { type Caller } from './caller.js';
import { badRequest, conflict, notFound, staleObjectMessage } from './errors.js';
import { type PatchType, type ResourceService } from './resource-service.js';
import { type ResourceType } from './resource-type.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { formatLabelSelector } from '../printers/printer.js';
import { type JsonObject, asNumber, asObject, asString, clone, getIn, isObject, setIn } from '../util/object.js';

function selectorString(type: ResourceType, object: JsonObject): string {
  const paths = type.scalePaths;
  if (paths === undefined) return '';
  if (paths.selector === 'labelSelector') {
    const text = formatLabelSelector(getIn(object, ['spec', 'selector']));
    return text === '<none>' ? '' : text;
  }
  return asString(getIn(object, paths.selector));
}

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function toScale(type: ResourceType, object: JsonObject): JsonObject {
  const meta = asObject(object.metadata);
  const paths = type.scalePaths ?? {
    spec: ['spec', 'replicas'],
    status: ['status', 'replicas'],
    selector: 'labelSelector' as const,
  };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      ...(type.namespaced ? { namespace: meta.namespace } : {}),
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: asNumber(getIn(object, paths.spec)) },
    status: { replicas: asNumber(getIn(object, paths.status)), selector: selectorString(type, object) },
  };
}

/** GET, PUT and PATCH of {resource}/scale, writing spec.replicas of the parent object. */
export class ScaleSubresource {
  constructor(private readonly service: ResourceService) {}

  get(type: ResourceType, namespace: string, name: string): JsonObject {
    return toScale(type, this.service.get(type, namespace, name));
  }

  update(type: ResourceType, namespace: string, name: string, body: JsonObject, caller: Caller): JsonObject {
    return this.write(type, namespace, name, () => body, caller);
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patch: unknown,
    caller: Caller,
  ): JsonObject {
    return this.write(
      type,
      namespace,
      name,
      (scale) => {
        if (patchType === 'json') return applyJsonPatch(scale, patch);
        if (!isObject(patch)) throw badRequest('the scale patch must be a JSON object');
        return asObject(applyMergePatch(scale, patch));
      },
      caller,
    );
  }

  private write(
    type: ResourceType,
    namespace: string,
    name: string,
    change: (scale: JsonObject) => JsonObject,
    caller: Caller,
  ): JsonObject {
    const current = this.service.stored(type, namespace, name);
    if (current === undefined) throw notFound({ resource: type.plural, group: type.group, name });
    const scale = change(clone(toScale(type, current)));
    const wanted = asString(getIn(scale, ['metadata', 'resourceVersion']));
    if (wanted !== '' && wanted !== asString(getIn(current, ['metadata', 'resourceVersion']))) {
      throw conflict({ resource: type.plural, group: type.group, name }, staleObjectMessage);
    }
    const replicas = getIn(scale, ['spec', 'replicas']);
    if (typeof replicas !== 'number' || !Number.isInteger(replicas))
      throw badRequest('spec.replicas: Invalid value: must be an integer');
    const next = clone(this.service.get(type, namespace, name));
    setIn(next, type.scalePaths?.spec ?? ['spec', 'replicas'], replicas);
    asObject(next.metadata).resourceVersion = undefined;
    return toScale(type, this.service.update(type, namespace, name, next, caller));
  }
}
