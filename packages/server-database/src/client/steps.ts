import type { DriverSession, StatementResult, Step, StepOutcome } from './driver.js';

/** The results of every step, or the first error among them (thrown once all steps are answered). */
export function resultsOrThrow(outcomes: readonly StepOutcome[]): StatementResult[][] {
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (failed !== undefined && !failed.ok) throw failed.error;
  return outcomes.map((outcome) => (outcome.ok ? outcome.results : []));
}

/** `query` and `script` for a driver that implements `send`. */
export function sessionConveniences(
  send: (steps: readonly Step[]) => Promise<StepOutcome[]>,
): Pick<DriverSession, 'query' | 'script'> {
  return {
    query: async (text, params = [], options = {}) => {
      const [results] = resultsOrThrow(
        await send([{ text, params, ...(options.name === undefined ? {} : { name: options.name }) }]),
      );
      return results?.[0] ?? { fields: [], rows: [], rowCount: null };
    },
    script: async (text) => resultsOrThrow(await send([{ text, protocol: 'simple' }]))[0] ?? [],
  };
}
