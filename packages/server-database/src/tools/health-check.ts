import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { activityChecks } from '../health/activity-checks.js';
import type { Finding } from '../health/health-check.js';
import { storageChecks } from '../health/storage-checks.js';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

const checks = [...storageChecks, ...activityChecks];
const checkNames = checks.map((check) => check.name) as [string, ...string[]];

/** The health_check tool: storage and activity checks, each with a verdict. */
export const healthCheckTool = defineDatabaseTool({
  name: 'health_check',
  title: 'Database health check',
  description:
    'Cache hits, unused, duplicate and invalid indexes, bloat, wraparound, sequence headroom, connections, long transactions, blocked sessions, replication: each ok, warning, critical or unavailable.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    checks: z.array(z.enum(checkNames)).optional().describe('Default: all'),
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    worst: z.string(),
    findings: z.array(
      z.object({
        check: z.string(),
        status: z.enum(['ok', 'warning', 'critical', 'unavailable']),
        summary: z.string(),
        details: recordsOutput.optional(),
      }),
    ),
  }),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    const chosen = checks.filter((check) => input.checks === undefined || input.checks.includes(check.name));
    const findings: Finding[] = [];
    // Each check runs in a transaction of its own, so a missing privilege fails that check alone.
    for (const check of chosen) {
      try {
        findings.push({
          check: check.name,
          ...(await database.readCatalog(entry, { signal }, (reader) => check.run(reader))),
        });
      } catch (error) {
        if (!(error instanceof ToolError) || signal.aborted || error.code === 'UPSTREAM_UNAVAILABLE') throw error;
        findings.push({ check: check.name, status: 'unavailable', summary: `Could not run: ${error.message}` });
      }
    }
    const rank = ['ok', 'unavailable', 'warning', 'critical'];
    const worst = findings.reduce(
      (current, finding) => (rank.indexOf(finding.status) > rank.indexOf(current) ? finding.status : current),
      'ok',
    );
    return { connection: entry.config.name, worst, findings };
  },
});
