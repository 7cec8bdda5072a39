/** A function as the catalog describes it, the facts a verdict rests on. */
export interface CatalogFunction {
  oid: number;
  schema: string;
  name: string;
  /** `f` function, `a` aggregate, `w` window, `p` procedure. */
  kind: string;
  /** `i` immutable, `s` stable, `v` volatile. */
  volatility: string;
  /** Created by initdb (OID below 16384) in pg_catalog: a built-in. */
  builtin: boolean;
  /** The extension the function belongs to, if any. */
  extension: string | null;
}

/** How a statement will be used, which decides which functions it may call. */
export type FunctionProfile = 'read' | 'plan' | 'dml';

type Category =
  | 'files'
  | 'largeObjects'
  | 'sleep'
  | 'advisory'
  | 'signals'
  | 'settings'
  | 'replication'
  | 'stats'
  | 'sqlString'
  | 'network'
  | 'sequence'
  | 'xid'
  | 'maintenance'
  | 'notify';

const reasons: Record<Category, string> = {
  files: 'reads, lists or writes files on the database server',
  largeObjects: 'works on large objects, which reach server files and storage',
  sleep: 'sleeps while holding a connection',
  advisory: 'takes or releases advisory locks, which can outlive the transaction and block other sessions',
  signals: 'signals other server processes (cancel, terminate, reload, log)',
  settings: 'changes settings of the session or the server',
  replication: 'changes replication, WAL or backup state',
  stats: 'resets or rewrites statistics',
  sqlString: 'runs SQL given as a string, out of reach of this check',
  network: 'reaches other servers over the network',
  sequence: 'advances a sequence, which a rollback does not undo',
  xid: 'assigns a transaction id, which a rollback does not give back',
  maintenance: 'changes index, catalog or buffer state',
  notify: 'sends notifications to other sessions',
};

const exactBuiltins: Record<string, Category> = {
  pg_stat_file: 'files',
  pg_current_logfile: 'files',
  pg_hba_file_rules: 'files',
  pg_ident_file_mappings: 'files',
  pg_show_all_file_settings: 'files',
  lo_import: 'files',
  lo_export: 'files',
  loread: 'largeObjects',
  lowrite: 'largeObjects',
  pg_cancel_backend: 'signals',
  pg_terminate_backend: 'signals',
  pg_log_backend_memory_contexts: 'signals',
  pg_reload_conf: 'signals',
  pg_rotate_logfile: 'signals',
  pg_rotate_logfile_old: 'signals',
  set_config: 'settings',
  setseed: 'settings',
  pg_switch_wal: 'replication',
  pg_create_restore_point: 'replication',
  pg_promote: 'replication',
  pg_wal_replay_pause: 'replication',
  pg_wal_replay_resume: 'replication',
  pg_backup_start: 'replication',
  pg_backup_stop: 'replication',
  pg_start_backup: 'replication',
  pg_stop_backup: 'replication',
  pg_export_snapshot: 'replication',
  pg_logical_emit_message: 'replication',
  pg_sync_replication_slots: 'replication',
  pg_replication_slot_advance: 'replication',
  pg_drop_replication_slot: 'replication',
  pg_import_system_collations: 'maintenance',
  pg_stat_force_next_flush: 'stats',
  pg_restore_relation_stats: 'stats',
  pg_restore_attribute_stats: 'stats',
  pg_clear_relation_stats: 'stats',
  pg_clear_attribute_stats: 'stats',
  query_to_xml: 'sqlString',
  query_to_xmlschema: 'sqlString',
  query_to_xml_and_xmlschema: 'sqlString',
  cursor_to_xml: 'sqlString',
  cursor_to_xmlschema: 'sqlString',
  ts_stat: 'sqlString',
  nextval: 'sequence',
  setval: 'sequence',
  txid_current: 'xid',
  pg_current_xact_id: 'xid',
  brin_summarize_new_values: 'maintenance',
  brin_summarize_range: 'maintenance',
  brin_desummarize_range: 'maintenance',
  gin_clean_pending_list: 'maintenance',
  pg_stop_making_pinned_objects: 'maintenance',
  pg_nextoid: 'maintenance',
  pg_extension_config_dump: 'maintenance',
  pg_notify: 'notify',
};

const prefixBuiltins: readonly [string, Category][] = [
  ['pg_read_', 'files'],
  ['pg_ls_', 'files'],
  ['pg_file_', 'files'],
  ['lo_', 'largeObjects'],
  ['pg_sleep', 'sleep'],
  ['pg_advisory_', 'advisory'],
  ['pg_try_advisory_', 'advisory'],
  ['pg_create_', 'replication'],
  ['pg_copy_', 'replication'],
  ['pg_logical_slot_', 'replication'],
  ['pg_replication_origin_create', 'replication'],
  ['pg_replication_origin_drop', 'replication'],
  ['pg_replication_origin_advance', 'replication'],
  ['pg_replication_origin_session_setup', 'replication'],
  ['pg_replication_origin_session_reset', 'replication'],
  ['pg_replication_origin_xact_', 'replication'],
  ['pg_stat_reset', 'stats'],
  ['binary_upgrade_', 'maintenance'],
];

/** Extension functions refused whatever their declared volatility. */
const extensionDenied: readonly [string, Category][] = [
  ['dblink', 'network'],
  ['postgres_fdw_', 'network'],
  ['crosstab', 'sqlString'],
  ['connectby', 'sqlString'],
  ['xpath_table', 'sqlString'],
  ['pg_file_', 'files'],
  ['pg_logdir_ls', 'files'],
  ['pg_prewarm', 'maintenance'],
  ['autoprewarm', 'maintenance'],
  ['pg_stat_statements_reset', 'stats'],
  ['set_limit', 'settings'],
];

/** Volatile built-ins that only read or compute: reads may call them. */
const safeVolatileBuiltins = new Set([
  'clock_timestamp',
  'timeofday',
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'currval',
  'lastval',
  'pg_relation_size',
  'pg_table_size',
  'pg_indexes_size',
  'pg_total_relation_size',
  'pg_database_size',
  'pg_tablespace_size',
  'pg_is_in_recovery',
  'pg_current_wal_lsn',
  'pg_current_wal_insert_lsn',
  'pg_current_wal_flush_lsn',
  'pg_last_wal_receive_lsn',
  'pg_last_wal_replay_lsn',
  'pg_last_xact_replay_timestamp',
  'pg_is_wal_replay_paused',
  'pg_get_wal_replay_pause_state',
  'pg_lock_status',
  'pg_blocking_pids',
  'pg_safe_snapshot_blocking_pids',
  'pg_isolation_test_session_is_blocked',
  'pg_stat_get_recovery_prefetch',
  'pg_stat_have_stats',
  'pg_partition_tree',
  'pg_partition_ancestors',
  'pg_jit_available',
  'pg_notification_queue_usage',
  'pg_collation_actual_version',
  'pg_database_collation_actual_version',
  'pg_sequence_last_value',
  'pg_prepared_xact',
  'pg_get_backend_memory_contexts',
  'pg_get_shmem_allocations',
  'pg_get_shmem_allocations_numa',
  'pg_xact_commit_timestamp',
  'pg_xact_commit_timestamp_origin',
  'pg_last_committed_xact',
  'pg_xact_status',
  'txid_status',
  'pg_get_multixact_members',
  'pg_show_replication_origin_status',
  'pg_replication_origin_progress',
  'pg_replication_origin_session_progress',
  'pg_replication_origin_session_is_setup',
  'pg_get_wal_resource_managers',
  'pg_control_checkpoint',
  'pg_control_system',
  'pg_control_init',
  'pg_control_recovery',
  'current_query',
  'bernoulli',
  'system',
]);

const safeVolatileBuiltinPrefixes = ['pg_stat_get_xact_'];

/** Volatile extension functions that only read or compute. */
const safeVolatileExtensionFunctions = new Set([
  'pg_stat_statements',
  'pg_stat_statements_info',
  'pg_buffercache_pages',
  'pg_buffercache_summary',
  'pg_buffercache_usage_counts',
  'pgstattuple',
  'pgstattuple_approx',
  'pgstatindex',
  'pgstatginindex',
  'pgstathashindex',
  'pg_relpages',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'gen_salt',
  'normal_rand',
  'system_rows',
  'system_time',
]);

function deniedCategory(fn: CatalogFunction): Category | undefined {
  if (fn.builtin) {
    return exactBuiltins[fn.name] ?? prefixBuiltins.find(([prefix]) => fn.name.startsWith(prefix))?.[1];
  }
  if (fn.extension !== null) return extensionDenied.find(([prefix]) => fn.name.startsWith(prefix))?.[1];
  return undefined;
}

/**
 * Judges one function for `profile`: returns why it is refused, or
 * `undefined` when it may run. Denied built-ins (files, locks, signals,
 * settings, SQL strings, …) are refused in every profile; volatile
 * functions must be known to be harmless (or listed in `allowed`, which
 * holds `schema.name` entries for user and extension functions) before a
 * read may call them. A plan never runs volatile functions, only folds
 * immutable and stable ones, so only those are judged for it.
 */
export function judgeFunction(
  fn: CatalogFunction,
  profile: FunctionProfile,
  allowed: ReadonlySet<string>,
): string | undefined {
  const category = deniedCategory(fn);
  const volatile = fn.volatility === 'v';
  if (profile === 'plan') return category !== undefined && !volatile ? reasons[category] : undefined;
  if (category !== undefined && !(profile === 'dml' && (category === 'sequence' || category === 'xid')))
    return reasons[category];
  if (!volatile || category !== undefined) return undefined;
  if (fn.builtin)
    return safeVolatileBuiltins.has(fn.name) || safeVolatileBuiltinPrefixes.some((prefix) => fn.name.startsWith(prefix))
      ? undefined
      : 'is a volatile built-in not known to be free of side effects';
  if (profile === 'dml' || allowed.has(`${fn.schema}.${fn.name}`)) return undefined;
  if (fn.extension !== null && safeVolatileExtensionFunctions.has(fn.name)) return undefined;
  return fn.extension !== null
    ? `is a volatile function of the extension ${fn.extension}, not known to be free of side effects`
    : 'is VOLATILE, so it may change data or state; if it only reads, declare it STABLE, or ask the operator to list it in allowFunctions';
}
