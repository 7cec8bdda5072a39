import { ConfigError } from '../config.js';
import type { ToolClass } from './mode.js';
import type { BucketSpec } from '../state/store.js';

/** Rate-limit rules: a bucket per key, keys being `default`, a class (`read`/`write`/`destructive`), a tool or `<server>.<tool>`. */
export type RateLimitRules = ReadonlyMap<string, BucketSpec | 'off'>;

const periods: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
  d: 86_400,
  day: 86_400,
};

/**
 * Defaults that stop a runaway loop without getting in a person's way:
 * reads 600 a minute, writes 120 a minute, destructive calls 20 a minute,
 * per caller and tool.
 */
export const defaultRateLimits: RateLimitRules = new Map([
  ['read', parseRate('600/minute')],
  ['write', parseRate('120/minute')],
  ['destructive', parseRate('20/minute')],
]);

/** Parses `10/hour`, `600/minute`, `5/10s`, or `off`. The count is also the burst. */
export function parseRate(text: string): BucketSpec | 'off' {
  const trimmed = text.trim();
  if (trimmed === 'off') return 'off';
  const match = /^(\d+)\s*\/\s*(\d*)\s*([a-z]+)$/.exec(trimmed);
  const seconds = match === null ? undefined : periods[match[3]!];
  if (match === null || seconds === undefined || Number(match[1]) <= 0) {
    throw new ConfigError(
      `rate limit "${text}" is not valid: write it as <count>/<period>, e.g. 10/hour, 600/minute, 5/10s, or off`,
    );
  }
  const capacity = Number(match[1]);
  const periodSeconds = seconds * (match[2] === '' ? 1 : Number(match[2]));
  return { capacity, refillPerSecond: capacity / periodSeconds };
}

/**
 * Parses `INFRA_MCP_RATE_LIMITS` (`key=rate,…`) and config-file entries on top
 * of the built-in limits; a `default` entry replaces the built-in ones.
 */
export function parseRateLimits(entries: Record<string, string>, variable = 'INFRA_MCP_RATE_LIMITS'): RateLimitRules {
  // The built-in per-class limits are the default: an operator's own `default` replaces all of them.
  const rules = new Map('default' in entries ? [] : defaultRateLimits);
  for (const [key, rate] of Object.entries(entries)) {
    if (!/^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_]*)?$/.test(key)) {
      throw new ConfigError(
        `${variable}: "${key}" is not a rule key: use default, read, write, destructive, a tool name or <server>.<tool>`,
      );
    }
    try {
      rules.set(key, parseRate(rate));
    } catch (error) {
      throw new ConfigError(`${variable}: ${key}: ${(error as Error).message}`);
    }
  }
  return rules;
}

/** Parses the env form `send_email=10/hour,default=600/minute`. */
export function parseRateLimitEnv(value: string | undefined): Record<string, string> {
  if (value === undefined || value.trim() === '') return {};
  return Object.fromEntries(
    value.split(',').map((pair) => {
      const [key, rate] = pair.split('=');
      if (key === undefined || rate === undefined)
        throw new ConfigError(`INFRA_MCP_RATE_LIMITS: "${pair}" is not key=rate, e.g. send_email=10/hour`);
      return [key.trim(), rate.trim()];
    }),
  );
}

/** The most specific rule for a call: `<server>.<tool>`, then the tool, then its class, then `default`. */
export function ruleFor(
  rules: RateLimitRules,
  server: string,
  tool: string,
  callClass: ToolClass,
): BucketSpec | 'off' | undefined {
  return rules.get(`${server}.${tool}`) ?? rules.get(tool) ?? rules.get(callClass) ?? rules.get('default');
}
