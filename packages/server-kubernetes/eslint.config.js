import { createConfig } from '@infra-mcp/eslint-config';

export default createConfig(import.meta.dirname);
