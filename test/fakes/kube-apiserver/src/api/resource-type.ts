import { type Printer } from '../printers/printer.js';
import { type JsonObject } from '../util/object.js';

/** A subresource as discovery lists it ("deployments/scale" is served as autoscaling/v1 Scale). */
export interface SubresourceInfo {
  name: 'status' | 'scale' | 'log' | 'eviction';
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** Converts between how a resource is stored and how one API version serves it (events.k8s.io/v1 over core Events). */
export interface Representation {
  fromStorage(object: JsonObject): JsonObject;
  toStorage(object: JsonObject): JsonObject;
}

/** Everything the server knows about one served resource: discovery, storage, printing, schema. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Storage key; two resource types that share it see the same objects. */
  storage: string;
  /** The @kubernetes/client-node model that describes the schema, for built-in kinds. */
  model?: string;
  /** The openAPIV3Schema of a custom resource. */
  customSchema?: JsonObject;
  printer: Printer;
  /** Field selector labels accepted besides metadata.name and metadata.namespace. */
  selectableFields: string[];
  /** Create-only review kinds and read-only metrics kinds are computed, never stored. */
  virtual?: 'review' | 'metrics';
  representation?: Representation;
  /** How scale reads and writes the object, for kinds with a scale subresource. */
  scalePaths?: { spec: string[]; status: string[]; selector: string[] | 'labelSelector' };
}

/** The apiVersion string of a resource type ("v1", "apps/v1"). */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The verbs of an ordinary stored resource. */
export const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The status subresource entry for a resource type. */
export function statusSubresource(group: string, version: string, kind: string): SubresourceInfo {
  return { name: 'status', group, version, kind, verbs: ['get', 'patch', 'update'] };
}

/** The scale subresource entry (always autoscaling/v1 Scale). */
export function scaleSubresource(): SubresourceInfo {
  return { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
}
