import { describe, expect, it } from 'vitest';
import { judgeFunction, type CatalogFunction } from '../../src/safety/function-rules.js';

const builtin = (name: string, volatility = 'v'): CatalogFunction => ({
  oid: 1,
  schema: 'pg_catalog',
  name,
  kind: 'f',
  volatility,
  builtin: true,
  extension: null,
});
const user = (name: string, volatility: string, extension: string | null = null): CatalogFunction => ({
  oid: 20000,
  schema: 'public',
  name,
  kind: 'f',
  volatility,
  builtin: false,
  extension,
});
const none = new Set<string>();

describe('function verdicts', () => {
  it.each([
    ['pg_read_file', 'v', /files/],
    ['pg_ls_waldir', 'v', /files/],
    ['pg_sleep_for', 'v', /sleeps/],
    ['pg_try_advisory_xact_lock_shared', 'v', /advisory locks/],
    ['pg_terminate_backend', 'v', /signals/],
    ['set_config', 'v', /settings/],
    ['query_to_xmlschema', 'v', /SQL given as a string/],
    ['nextval', 'v', /sequence/],
    ['txid_current', 's', /transaction id/],
    ['pg_stat_reset_shared', 'v', /statistics/],
    ['binary_upgrade_set_next_pg_type_oid', 'v', /index, catalog or buffer/],
    ['some_future_volatile_builtin', 'v', /volatile built-in not known/],
  ])('refuses the built-in %s for reads', (name, volatility, reason) => {
    expect(judgeFunction(builtin(name, volatility), 'read', none)).toMatch(reason);
  });

  it.each(['now', 'lower', 'jsonb_path_query', 'percentile_cont', 'pg_get_viewdef'])(
    'allows the stable or immutable built-in %s',
    (name) => {
      expect(judgeFunction(builtin(name, 's'), 'read', none)).toBeUndefined();
    },
  );

  it.each(['random', 'clock_timestamp', 'gen_random_uuid', 'pg_total_relation_size', 'pg_stat_get_xact_numscans'])(
    'allows the harmless volatile built-in %s',
    (name) => {
      expect(judgeFunction(builtin(name), 'read', none)).toBeUndefined();
    },
  );

  it('allows STABLE and IMMUTABLE user functions, and VOLATILE ones only when the operator lists them', () => {
    expect(judgeFunction(user('report', 's'), 'read', none)).toBeUndefined();
    expect(judgeFunction(user('slugify', 'i'), 'read', none)).toBeUndefined();
    expect(judgeFunction(user('audit', 'v'), 'read', none)).toMatch(/VOLATILE/);
    expect(judgeFunction(user('audit', 'v'), 'read', new Set(['public.audit']))).toBeUndefined();
  });

  it('judges extension functions by name first, then by volatility', () => {
    expect(judgeFunction(user('dblink_exec', 'v', 'dblink'), 'read', none)).toMatch(/network/);
    expect(judgeFunction(user('crosstab', 's', 'tablefunc'), 'read', none)).toMatch(/SQL given as a string/);
    expect(judgeFunction(user('similarity', 'i', 'pg_trgm'), 'read', none)).toBeUndefined();
    expect(judgeFunction(user('pg_stat_statements', 'v', 'pg_stat_statements'), 'read', none)).toBeUndefined();
    expect(judgeFunction(user('pg_stat_statements_reset', 'v', 'pg_stat_statements'), 'read', none)).toMatch(
      /statistics/,
    );
  });

  it('lets a plan mention volatile functions, which planning never runs, but not stable ones with effects', () => {
    expect(judgeFunction(builtin('nextval'), 'plan', none)).toBeUndefined();
    expect(judgeFunction(user('audit', 'v'), 'plan', none)).toBeUndefined();
    expect(judgeFunction(builtin('txid_current', 's'), 'plan', none)).toMatch(/transaction id/);
  });

  it('lets writes advance sequences and call user functions, but not read files or signal sessions', () => {
    expect(judgeFunction(builtin('nextval'), 'dml', none)).toBeUndefined();
    expect(judgeFunction(user('audit', 'v'), 'dml', none)).toBeUndefined();
    expect(judgeFunction(builtin('pg_read_file'), 'dml', none)).toMatch(/files/);
    expect(judgeFunction(builtin('pg_cancel_backend'), 'dml', none)).toMatch(/signals/);
  });
});
