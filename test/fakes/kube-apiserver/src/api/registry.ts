import { builtinTypes } from './builtin-types.js';
import { type ResourceType } from './resource-type.js';

/** One API group with its served versions, newest preferred first. */
export interface GroupInfo {
  name: string;
  versions: string[];
}

/**
 * The served resource types: the built-ins plus whatever established
 * CustomResourceDefinitions add. Discovery, routing and OpenAPI read it.
 */
export class Registry {
  private custom = new Map<string, ResourceType[]>();
  private listeners = new Set<() => void>();

  /** Every served type, built-ins first. */
  all(): ResourceType[] {
    return [...builtinTypes, ...[...this.custom.values()].flat()];
  }

  /** The type served at /api[s]/group/version/plural. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((type) => type.group === group && type.version === version && type.plural === plural);
  }

  /** The served type of a group and kind, preferring `version` when given. */
  findKind(group: string, kind: string, version?: string): ResourceType | undefined {
    const matches = this.all().filter(
      (type) => type.group === group && type.kind === kind && type.virtual === undefined,
    );
    return matches.find((type) => type.version === version) ?? matches[0];
  }

  /** Every type that stores its objects under `storage`. */
  byStorage(storage: string): ResourceType[] {
    return this.all().filter((type) => type.storage === storage);
  }

  /** Groups in discovery order; for each group, versions in preference order. */
  groups(): GroupInfo[] {
    const groups = new Map<string, string[]>();
    for (const type of this.all()) {
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions }));
  }

  /** Replaces the types a CRD serves (an empty list removes them). */
  setCustom(crdName: string, types: ResourceType[]): void {
    if (types.length === 0) this.custom.delete(crdName);
    else this.custom.set(crdName, types);
    for (const listener of this.listeners) listener();
  }

  /** Called after the set of served types changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
