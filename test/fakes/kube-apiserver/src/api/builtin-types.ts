import { coreTypes } from './core-types.js';
import { groupTypes } from './group-types.js';
import { type ResourceType } from './resource-type.js';

/** Every built-in resource the fake serves, in discovery order. */
export const builtinTypes: ResourceType[] = [...coreTypes, ...groupTypes];
