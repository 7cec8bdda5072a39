import { ERROR_META_KEY } from '@infra-mcp/core';

/** Objects the bypass suite attacks and inspects, each hiding a side effect behind a catalog name. */
export const bypassFixtureSql = `
CREATE TABLE victim (id serial PRIMARY KEY, secret text NOT NULL);
INSERT INTO victim (secret) VALUES ('a'), ('b'), ('c');
CREATE FUNCTION sneaky_lock() RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4242); RETURN 1; END $$;
CREATE FUNCTION lock_row(victim) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4249); RETURN 1; END $$;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 42 $$;
CREATE VIEW sneaky_view AS SELECT pg_try_advisory_lock(4243) AS locked, 1 AS x;
CREATE VIEW nested_view AS SELECT x FROM sneaky_view;
CREATE FUNCTION eq_lock(int, int) RETURNS bool LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4244); RETURN $1 = $2; END $$;
CREATE OPERATOR === (FUNCTION = eq_lock, LEFTARG = int, RIGHTARG = int);
CREATE DOMAIN locked_int AS int CHECK (VALUE > 0 AND pg_try_advisory_lock(4245));
CREATE FUNCTION lock_sfunc(int, int) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4246); RETURN coalesce($1, 0) + $2; END $$;
CREATE AGGREGATE lock_sum(int) (SFUNC = lock_sfunc, STYPE = int);
CREATE TYPE pair AS (a int, b int);
CREATE FUNCTION pair_to_int(pair) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4247); RETURN ($1).a; END $$;
CREATE CAST (pair AS int) WITH FUNCTION pair_to_int(pair);
CREATE TABLE guarded (id int);
INSERT INTO guarded VALUES (1);
CREATE POLICY lock_policy ON guarded USING (pg_try_advisory_lock(4248));
ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
ALTER TABLE guarded FORCE ROW LEVEL SECURITY;
CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM victim $$;
`;

interface ToolResult {
  content?: unknown;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  structuredContent?: Record<string, unknown>;
}

/** The text the model reads from a tool result. */
export function textOf(result: ToolResult): string {
  const content = Array.isArray(result.content) ? (result.content as { type: string; text?: string }[]) : [];
  return content.map((item) => item.text ?? '').join('\n');
}

/** The infra-mcp error code of an error result. */
export function errorCode(result: ToolResult): string | undefined {
  const meta = result._meta?.[ERROR_META_KEY] as { code?: string } | undefined;
  return meta?.code;
}

/** The structured result of a successful call, failing the test with its text otherwise. */
export function structured<T = Record<string, unknown>>(result: ToolResult): T {
  if (result.isError === true) throw new Error(`expected success, got: ${textOf(result)}`);
  return result.structuredContent as T;
}
