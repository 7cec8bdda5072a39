import { asArray, asNumber, asObject, asString, getIn, type JsonObject } from '../util/object.js';
import { type Printer, ageCell, ageColumn, column, nameColumn, nameOf } from './printer.js';

function summarize(addresses: string[]): string {
  if (addresses.length === 0) return '<none>';
  const shown = addresses.slice(0, 3).join(',');
  return addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown;
}

function endpointsList(endpoints: JsonObject): string[] {
  return asArray(endpoints.subsets)
    .map(asObject)
    .flatMap((subset) => {
      const ports = asArray(subset.ports).map((port) => String(asNumber(asObject(port).port)));
      const ips = asArray(subset.addresses).map((address) => asString(asObject(address).ip));
      return ips.flatMap((ip) => (ports.length === 0 ? [ip] : ports.map((port) => `${ip}:${port}`)));
    });
}

/** Endpoints: NAME, ENDPOINTS, AGE. */
export const endpointsPrinter: Printer = {
  columns: [nameColumn, column('Endpoints', 'string', 'Endpoints of the service'), ageColumn],
  cells: (endpoints, now) => [nameOf(endpoints), summarize(endpointsList(endpoints)), ageCell(endpoints, now)],
};

/** EndpointSlices: NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn,
    column('AddressType', 'string', 'The IP protocol for this slice'),
    column('Ports', 'string', 'The ports of this slice'),
    column('Endpoints', 'string', 'The endpoints of this slice'),
    ageColumn,
  ],
  cells: (slice, now) => {
    const ports = asArray(slice.ports).map((port) => String(asNumber(asObject(port).port)));
    const addresses = asArray(slice.endpoints).flatMap((endpoint) =>
      asArray(getIn(endpoint, ['addresses'])).map((ip) => asString(ip)),
    );
    return [
      nameOf(slice),
      asString(slice.addressType),
      ports.length > 0 ? ports.join(',') : '<unset>',
      summarize(addresses),
      ageCell(slice, now),
    ];
  },
};
