import { sqliteBackend } from './backends.js';
import { describeStateStoreContract } from './store-contract.js';

describeStateStoreContract(sqliteBackend);
