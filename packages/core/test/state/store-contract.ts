import type { Backend } from './backends.js';
import { describeCoordinationContract } from './coordination-contract.js';
import { describeNotesContract } from './notes-contract.js';
import { describeRecordsContract } from './records-contract.js';

/** The behaviour every state store backend must show; run against each backend. */
export function describeStateStoreContract(backend: Backend): void {
  describeNotesContract(backend);
  describeRecordsContract(backend);
  describeCoordinationContract(backend);
}
