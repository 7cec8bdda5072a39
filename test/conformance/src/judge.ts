import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { Leg } from './legs.js';
import type { RefereeRun } from './referee.js';

/** What one leg came to, in a line for the summary and details for a failure. */
export interface LegVerdict {
  id: string;
  passed: boolean;
  line: string;
  details: string;
}

const checkSchema = z.object({
  id: z.string(),
  status: z.string(),
  description: z.string().optional(),
  errorMessage: z.string().optional(),
});

/**
 * Reads the CLI's verdict on a leg: its exit code decides (the CLI fails on
 * unexpected failures and stale baseline entries alike); its report and the
 * per-scenario `checks.json` files say why.
 */
export function judgeLeg(leg: Leg, run: RefereeRun, resultsDir: string): LegVerdict {
  const results = readResults(resultsDir);
  const scenarios = new Set(results.map((result) => result.scenario)).size;
  const expected = section(run.output, 'Expected failures (in baseline):');
  const stale = section(run.output, 'Stale baseline entries');
  const unexpected = section(run.output, 'Unexpected failures');
  const passed = run.exitCode === 0;
  const line = `${passed ? '✓' : '✗'} ${leg.title}: ${scenarios} scenarios, ${expected.length} expected failures${
    passed ? '' : `, ${unexpected.length} unexpected failures, ${stale.length} stale baseline entries`
  }`;
  if (passed) return { id: leg.id, passed, line, details: '' };
  if (scenarios === 0) {
    const tail = run.output.trimEnd().split('\n').slice(-30).join('\n');
    return {
      id: leg.id,
      passed,
      line: `${line} (the CLI exited ${run.exitCode} before running a scenario)`,
      details: tail,
    };
  }
  const messages = errorMessages(results);
  const details = [
    ...unexpected.map((entry) => `    unexpected  ${entry}${messages.has(entry) ? ` — ${messages.get(entry)}` : ''}`),
    ...stale.map((entry) => `    stale       ${entry} (passes now: remove it from expected-failures/${leg.baseline})`),
  ].join('\n');
  return { id: leg.id, passed, line, details };
}

/** The entries listed under a heading of the CLI's baseline report. */
function section(output: string, heading: string): string[] {
  const start = output.indexOf(heading);
  if (start === -1) return [];
  const entries: string[] = [];
  for (const line of output.slice(start).split('\n').slice(1)) {
    const entry = /^ {2}[~✓✗] (\S+)$/.exec(line);
    if (entry === null) break;
    entries.push(entry[1]!);
  }
  return entries;
}

interface ScenarioResult {
  scenario: string;
  checks: z.infer<typeof checkSchema>[];
}

/** The `checks.json` the CLI wrote for each scenario it ran (`server-<scenario>-<timestamp>/`). */
function readResults(resultsDir: string): ScenarioResult[] {
  return readdirSync(resultsDir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) return [];
    const scenario = entry.name.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
    const file = join(resultsDir, entry.name, 'checks.json');
    const checks = z.array(checkSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return checks.success ? [{ scenario, checks: checks.data }] : [];
  });
}

/** Error messages of the failing checks, keyed `scenario:check` and `scenario`. */
function errorMessages(results: readonly ScenarioResult[]): Map<string, string> {
  const messages = new Map<string, string>();
  for (const { scenario, checks } of results) {
    for (const check of checks) {
      if (check.status !== 'FAILURE' && check.status !== 'WARNING') continue;
      const message = `${check.status.toLowerCase()}: ${check.errorMessage ?? check.description ?? check.id}`.slice(
        0,
        300,
      );
      messages.set(`${scenario}:${check.id}`, message);
      if (!messages.has(scenario)) messages.set(scenario, message);
    }
  }
  return messages;
}
