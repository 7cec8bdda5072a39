import { loose, num, type HealthCheck } from './health-check.js';

const connections: HealthCheck = {
  name: 'connections',
  run: async (reader) => {
    const [row] = await reader.rows(
      `SELECT count(*) AS total, count(*) FILTER (WHERE state = 'active') AS active,
         count(*) FILTER (WHERE state LIKE 'idle in transaction%') AS idle_in_transaction,
         current_setting('max_connections')::int AS max_connections,
         current_setting('superuser_reserved_connections')::int AS reserved
       FROM pg_stat_activity WHERE backend_type = 'client backend'`,
      [],
      loose,
    );
    const usable = Math.max(1, num(row?.max_connections) - num(row?.reserved));
    const percent = Math.round((1000 * num(row?.total)) / usable) / 10;
    return {
      status: percent >= 90 ? 'critical' : percent >= 75 ? 'warning' : 'ok',
      summary: `${num(row?.total)} of ${usable} usable connections in use (${percent}%), ${num(row?.active)} active, ${num(row?.idle_in_transaction)} idle in a transaction.`,
    };
  },
};

const longTransactions: HealthCheck = {
  name: 'long_transactions',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT pid, usename AS "user", application_name AS application, state,
         round(extract(epoch FROM now() - xact_start))::int8 AS transaction_seconds, left(query, 200) AS query
       FROM pg_stat_activity
       WHERE xact_start < now() - interval '5 minutes' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
       ORDER BY xact_start LIMIT 10`,
      [],
      loose,
    );
    if (rows.length === 0) return { status: 'ok', summary: 'No transaction has been open for more than 5 minutes.' };
    const severe = rows.some(
      (row) =>
        num(row.transaction_seconds) > 3600 ||
        (String(row.state).startsWith('idle in') && num(row.transaction_seconds) > 1800),
    );
    return {
      status: severe ? 'critical' : 'warning',
      summary: `${rows.length} transaction${rows.length === 1 ? ' has' : 's have'} been open for over 5 minutes; they hold back vacuum and may hold locks.`,
      details: rows,
    };
  },
};

const blocking: HealthCheck = {
  name: 'locks',
  run: async (reader) => {
    const rows = await reader.rows(
      `SELECT pid, usename AS "user", to_json(pg_blocking_pids(pid)) AS blocked_by,
         round(extract(epoch FROM now() - coalesce(state_change, query_start)))::int8 AS waiting_seconds, left(query, 200) AS query
       FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0 ORDER BY waiting_seconds DESC LIMIT 20`,
      [],
      loose,
    );
    if (rows.length === 0) return { status: 'ok', summary: 'No session is waiting on a lock held by another.' };
    return {
      status: rows.some((row) => num(row.waiting_seconds) > 300) ? 'critical' : 'warning',
      summary: `${rows.length} session${rows.length === 1 ? ' is' : 's are'} blocked by others; the locks tool shows who holds what.`,
      details: rows,
    };
  },
};

const replication: HealthCheck = {
  name: 'replication',
  run: async (reader) => {
    const [role] = await reader.rows('SELECT pg_is_in_recovery() AS standby', [], loose);
    if (role?.standby === true) {
      const [lag] = await reader.rows(
        `SELECT round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::int8 AS replay_lag_seconds`,
        [],
        loose,
      );
      const seconds = num(lag?.replay_lag_seconds);
      return {
        status: seconds > 300 ? 'critical' : seconds > 30 ? 'warning' : 'ok',
        summary: `This server is a standby; the last replayed transaction is ${seconds} s old (high on an idle primary is harmless).`,
      };
    }
    const replicas = await reader.rows(
      `SELECT application_name AS replica, client_addr::text AS address, state, sync_state,
         pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::int8 AS replay_lag_bytes, replay_lag::text AS replay_lag
       FROM pg_stat_replication`,
      [],
      loose,
    );
    const slots = await reader.rows(
      `SELECT slot_name AS slot, slot_type AS type, active,
         pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::int8 AS retained_bytes
       FROM pg_replication_slots ORDER BY retained_bytes DESC NULLS LAST`,
      [],
      loose,
    );
    if (replicas.length === 0 && slots.length === 0)
      return { status: 'ok', summary: 'No replicas or replication slots.' };
    const stale = slots.filter((slot) => slot.active !== true && num(slot.retained_bytes) > 1024 ** 3);
    const lagging = replicas.filter((replica) => num(replica.replay_lag_bytes) > 1024 ** 3);
    return {
      status: stale.length > 0 ? 'critical' : lagging.length > 0 ? 'warning' : 'ok',
      summary: `${replicas.length} replica${replicas.length === 1 ? '' : 's'} connected, ${slots.length} slot${slots.length === 1 ? '' : 's'}${
        stale.length > 0
          ? `; ${stale.length} inactive slot${stale.length === 1 ? ' retains' : 's retain'} over 1 GiB of WAL`
          : ''
      }${lagging.length > 0 ? `; ${lagging.length} replica${lagging.length === 1 ? ' is' : 's are'} over 1 GiB behind` : ''}.`,
      details: [...replicas, ...slots],
    };
  },
};

/** Checks of activity: connection use, long transactions, blocked sessions, replication. */
export const activityChecks: readonly HealthCheck[] = [connections, longTransactions, blocking, replication];
