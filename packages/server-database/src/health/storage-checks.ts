import { loose, num, type HealthCheck } from './health-check.js';

const inUserSchemas = (column: string): string =>
  `NOT (${column} IN ('pg_catalog', 'information_schema', 'pg_toast') OR ${column} LIKE 'pg_temp_%')`;

const cacheHit: HealthCheck = {
  name: 'cache_hit',
  run: async (reader) => {
    const [row] = await reader.rows(
      `SELECT sum(blks_hit) AS hits, sum(blks_read) AS reads,
         round(100.0 * sum(blks_hit) / nullif(sum(blks_hit) + sum(blks_read), 0), 2) AS hit_percent
       FROM pg_stat_database WHERE datname = current_database()`,
      [],
      loose,
    );
    const reads = num(row?.hits) + num(row?.reads);
    // A fresh or idle database has read too little for the ratio to mean anything.
    if (reads < 10_000)
      return { status: 'ok', summary: `Only ${reads} block reads recorded so far; too few to judge the cache.` };
    const percent = num(row?.hit_percent);
    return {
      status: percent >= 99 ? 'ok' : percent >= 95 ? 'warning' : 'critical',
      summary: `${percent}% of block reads were served from shared buffers${percent < 99 ? '; below 99% usually means shared_buffers is too small for the working set' : ''}.`,
    };
  },
};

const unusedIndexes: HealthCheck = {
  name: 'unused_indexes',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT s.schemaname AS schema, s.relname AS "table", s.indexrelname AS index,
         pg_size_pretty(pg_relation_size(s.indexrelid)) AS size
       FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
       WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
       ORDER BY pg_relation_size(s.indexrelid) DESC LIMIT 20`,
      [],
      loose,
    );
    return rows.length === 0
      ? { status: 'ok', summary: 'Every non-unique index has been used since statistics were last reset.' }
      : {
          status: 'warning',
          summary: `${rows.length} index${rows.length === 1 ? ' has' : 'es have'} never been scanned since statistics were reset; each still costs writes and space. Check replicas before dropping.`,
          details: rows,
        };
  },
};

const duplicateIndexes: HealthCheck = {
  name: 'duplicate_indexes',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT i.indrelid::regclass::text AS "table", to_json(array_agg(i.indexrelid::regclass::text ORDER BY i.indexrelid)) AS indexes,
         pg_size_pretty(sum(pg_relation_size(i.indexrelid))::int8) AS size
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE ${inUserSchemas('n.nspname')}
       GROUP BY i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text,
         coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
       HAVING count(*) > 1`,
      [],
      loose,
    );
    return rows.length === 0
      ? { status: 'ok', summary: 'No two indexes cover the same columns the same way.' }
      : {
          status: 'warning',
          summary: `${rows.length} set${rows.length === 1 ? '' : 's'} of identical indexes; keep one of each.`,
          details: rows,
        };
  },
};

const invalidIndexes: HealthCheck = {
  name: 'invalid_indexes',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT i.indexrelid::regclass::text AS index, i.indrelid::regclass::text AS "table"
       FROM pg_index i WHERE NOT i.indisvalid`,
      [],
      loose,
    );
    return rows.length === 0
      ? { status: 'ok', summary: 'All indexes are valid.' }
      : {
          status: 'critical',
          summary: `${rows.length} invalid index${rows.length === 1 ? '' : 'es'} (usually a failed CREATE INDEX CONCURRENTLY): not used by queries but still maintained. Drop and rebuild them.`,
          details: rows,
        };
  },
};

const bloat: HealthCheck = {
  name: 'bloat',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT schemaname AS schema, relname AS "table", n_live_tup AS live_rows, n_dead_tup AS dead_rows,
         round(100.0 * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0), 1) AS dead_percent,
         greatest(last_autovacuum, last_vacuum)::text AS last_vacuum
       FROM pg_stat_user_tables
       WHERE n_dead_tup > 1000 AND n_dead_tup > 0.2 * (n_live_tup + n_dead_tup)
       ORDER BY n_dead_tup DESC LIMIT 20`,
      [],
      loose,
    );
    if (rows.length === 0) return { status: 'ok', summary: 'No table has more than 20% dead rows.' };
    const severe = rows.some((row) => num(row.dead_percent) > 50 && num(row.dead_rows) > 100_000);
    return {
      status: severe ? 'critical' : 'warning',
      summary: `${rows.length} table${rows.length === 1 ? ' has' : 's have'} over 20% dead rows; autovacuum is falling behind or blocked (long transactions, replication slots).`,
      details: rows,
    };
  },
};

const wraparound: HealthCheck = {
  name: 'wraparound',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT datname AS database, age(datfrozenxid)::int8 AS xid_age, mxid_age(datminmxid)::int8 AS multixact_age,
         round(100.0 * age(datfrozenxid) / 2147483647, 1) AS percent_to_wraparound
       FROM pg_database WHERE datallowconn ORDER BY age(datfrozenxid) DESC LIMIT 5`,
      [],
      loose,
    );
    const worst = num(rows[0]?.percent_to_wraparound);
    return {
      status: worst >= 75 ? 'critical' : worst >= 40 ? 'warning' : 'ok',
      summary: `The oldest unfrozen transaction id is ${worst}% of the way to wraparound${worst >= 40 ? '; make sure (auto)vacuum can freeze: look for long transactions and stale replication slots' : ''}.`,
      details: rows,
    };
  },
};

const sequences: HealthCheck = {
  name: 'sequences',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT s.schemaname AS schema, s.sequencename AS sequence, s.last_value, limits.max_value,
         round(100.0 * s.last_value / limits.max_value, 1) AS used_percent
       FROM pg_sequences s
       JOIN pg_class c ON c.relname = s.sequencename
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
       LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       CROSS JOIN LATERAL (SELECT least(s.max_value, CASE a.atttypid WHEN 21 THEN 32767 WHEN 23 THEN 2147483647
         ELSE s.max_value END) AS max_value) limits
       WHERE s.last_value IS NOT NULL AND s.increment_by > 0
       ORDER BY s.last_value::float8 / limits.max_value DESC LIMIT 10`,
      [],
      loose,
    );
    const worst = num(rows[0]?.used_percent);
    return {
      status: worst >= 90 ? 'critical' : worst >= 75 ? 'warning' : 'ok',
      summary:
        rows.length === 0
          ? 'No sequence has been used yet.'
          : `The fullest sequence has used ${worst}% of its range (counting the type of the column it feeds).`,
      ...(worst >= 75 ? { details: rows.filter((row) => num(row.used_percent) >= 75) } : {}),
    };
  },
};

/** Checks of storage: cache, indexes, bloat, freezing, sequence headroom. */
export const storageChecks: readonly HealthCheck[] = [
  cacheHit,
  unusedIndexes,
  duplicateIndexes,
  invalidIndexes,
  bloat,
  wraparound,
  sequences,
];
