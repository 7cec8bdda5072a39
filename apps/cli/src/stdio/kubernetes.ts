import { kubernetesModule } from '@infra-mcp/server-kubernetes/module';
import { stdioEntry } from './entry.js';

/** The entry of dist/stdio/kubernetes.*.cjs (build.mjs), which bin.ts loads through the code cache. */
export const run = stdioEntry('kubernetes', kubernetesModule);
