import type { ServerName } from './hosts.js';

/** One run of the conformance CLI against one server, judged against its own baseline. */
export interface Leg {
  /** Short id, also the name of its results directory. */
  id: string;
  server: ServerName;
  /** What the leg covers, for the summary. */
  title: string;
  /** CLI arguments choosing the scenarios and the protocol revision. */
  args: readonly string[];
  /** Expected-failures file, relative to `expected-failures/`. */
  baseline: string;
}

/**
 * The legs CI runs. The active suite is what the suite calls its default
 * (2025 wire: the `initialize` handshake); the 2026-07-28 legs run every
 * scenario applicable to that revision (stateless, per-request `_meta`),
 * including the ones the suite still marks pending, so nothing we pass goes
 * unwatched.
 */
export const legs: readonly Leg[] = [
  {
    id: 'everything-active',
    server: 'everything',
    title: 'everything server · active suite',
    args: ['--suite', 'active'],
    baseline: 'everything.yaml',
  },
  {
    id: 'everything-2026-07-28',
    server: 'everything',
    title: 'everything server · 2026-07-28',
    args: ['--suite', 'all', '--spec-version', '2026-07-28'],
    baseline: 'everything.2026-07-28.yaml',
  },
  {
    id: 'filesystem-active',
    server: 'filesystem',
    title: 'filesystem server · active suite',
    args: ['--suite', 'active'],
    baseline: 'filesystem.yaml',
  },
  {
    id: 'filesystem-2026-07-28',
    server: 'filesystem',
    title: 'filesystem server · 2026-07-28',
    args: ['--suite', 'all', '--spec-version', '2026-07-28'],
    baseline: 'filesystem.2026-07-28.yaml',
  },
];
