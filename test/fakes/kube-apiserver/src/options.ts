import { z } from 'zod';
import { userSchema } from './auth/users.js';

/** Options of startFakeKubeApiServer, validated once at the edge. */
export const fakeOptionsSchema = z.object({
  /** Interface to listen on; only loopback makes sense for a fake. */
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Serve HTTPS with a generated self-signed certificate (the kubeconfig trusts it). */
  tls: z.boolean().default(true),
  /** Users by bearer token; the first is the kubeconfig's current context. Default: one cluster-admin "admin". */
  users: z.array(userSchema).min(1).optional(),
  /** Accept requests without a token as system:anonymous with no rights beyond discovery. */
  allowAnonymous: z.boolean().default(false),
  /** How many Ready nodes the cluster has. */
  nodes: z.number().int().min(0).max(500).default(1),
  /** Delay from scheduling to containers running and ready (lets `rollout status` be watched). */
  podStartDelayMs: z.number().int().min(0).default(0),
  /** How long pods of Jobs (restartPolicy Never/OnFailure) run before succeeding. */
  podCompletionMs: z.number().int().min(0).default(0),
  /** Image references that fail to pull (substring match); "does-not-exist" always fails. */
  badImages: z.array(z.string()).default([]),
  /** How often watches with allowWatchBookmarks=true get a BOOKMARK. */
  bookmarkIntervalMs: z.number().int().min(10).default(10_000),
  /** The version the server reports at /version and as kubeletVersion. */
  serverVersion: z
    .string()
    .regex(/^v\d+\.\d+\.\d+/)
    .default('v1.32.0'),
  /** Namespace of the kubeconfig contexts. */
  namespace: z.string().default('default'),
});

/** Options as callers write them. */
export type FakeKubeApiServerOptions = z.input<typeof fakeOptionsSchema>;
/** Options after defaults. */
export type ResolvedOptions = z.output<typeof fakeOptionsSchema>;
