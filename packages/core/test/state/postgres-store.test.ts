import { postgresBackend } from './backends.js';
import { describeStateStoreContract } from './store-contract.js';

describeStateStoreContract(postgresBackend);
