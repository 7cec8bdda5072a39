import { type Representation } from './resource-type.js';
import { type JsonObject } from '../util/object.js';

const renames: [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['reportingComponent', 'reportingController'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

function rename(object: JsonObject, pairs: [string, string][]): JsonObject {
  const result: JsonObject = {};
  const mapping = new Map(pairs);
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) result[mapping.get(key) ?? key] = value;
  }
  return result;
}

/** events.k8s.io/v1 Event served from core/v1 Event storage, with the field renames of the real conversion. */
export const eventsV1Representation: Representation = {
  fromStorage(object) {
    const converted = rename(object, renames);
    converted.apiVersion = 'events.k8s.io/v1';
    if (converted.reportingController === undefined && typeof object.source === 'object' && object.source !== null) {
      const component = (object.source as JsonObject).component;
      if (typeof component === 'string') converted.reportingController = component;
    }
    return converted;
  },
  toStorage(object) {
    const converted = rename(
      object,
      renames.map(([core, events]) => [events, core]),
    );
    converted.apiVersion = 'v1';
    return converted;
  },
};
