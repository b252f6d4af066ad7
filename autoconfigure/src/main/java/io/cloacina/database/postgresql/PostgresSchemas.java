package io.cloacina.database.postgresql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.cloacina.database.DatabaseConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Validates PostgreSQL schema names used for multi-tenant isolation and builds the SQL that puts
 * every pooled connection into its schema.
 */
final class PostgresSchemas {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final Set<String> RESERVED = Set.of("public", "pg_catalog", "information_schema", "pg_temp",
			"pg_toast");

	private PostgresSchemas() {
	}

	static String validate(@Nullable String schema) {
		if (schema == null || !NAME.matcher(schema).matches()) {
			throw new DatabaseConfigurationException(
					"The schema name '" + schema + "' is not valid",
					"Use 1 to 63 characters: a letter or underscore, then letters, digits or underscores.");
		}
		String lower = schema.toLowerCase(Locale.ROOT);
		if (RESERVED.contains(lower) || lower.startsWith("pg_")) {
			throw new DatabaseConfigurationException(
					"The schema name '" + schema + "' is reserved by PostgreSQL",
					"Choose a schema name of your own that does not start with pg_ (public, pg_catalog, "
							+ "information_schema and pg_temp are not allowed); leave the schema unset to use public.");
		}
		return schema;
	}

	/**
	 * SQL run on every new connection: create the schema when missing (racing creators tolerated),
	 * set the search path, then verify it took, so a connection never silently falls back to public.
	 */
	static String initSql(String schema) {
		return createSql(schema) + " SET search_path TO " + searchPath(schema) + ";" + verifySql(schema, "");
	}

	/**
	 * SQL run on every new connection behind a transaction pooler, where a session's search path would
	 * reach other clients: create the schema when missing, then check in a transaction of its own that
	 * a search path set for that transaction only makes it the current schema. Each transaction then
	 * sets it with {@link #setLocalSql(String)}.
	 */
	static String transactionPoolerInitSql(String schema) {
		return createSql(schema) + verifySql(schema, " PERFORM set_config('search_path', " + literal(searchPath(schema))
				+ ", true);");
	}

	/** Makes the schema the current one until the end of the transaction. */
	static String setLocalSql(String schema) {
		return "SET LOCAL search_path TO " + searchPath(schema);
	}

	private static String createSql(String schema) {
		return "DO $cloacina$ BEGIN"
				+ " IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = " + literal(schema) + ") THEN"
				+ " BEGIN CREATE SCHEMA IF NOT EXISTS " + quoted(schema) + ";"
				+ " EXCEPTION WHEN unique_violation OR duplicate_schema THEN NULL; END;"
				+ " END IF; END $cloacina$;";
	}

	private static String verifySql(String schema, String setUp) {
		return " DO $cloacina$ BEGIN" + setUp + " IF current_schema() IS DISTINCT FROM " + literal(schema) + " THEN"
				+ " RAISE EXCEPTION 'search_path could not be set to schema %: current schema is %', " + literal(schema)
				+ ", current_schema(); END IF; END $cloacina$;";
	}

	private static String searchPath(String schema) {
		return quoted(schema) + ", public";
	}

	/** A name that {@link #validate} accepted, as an SQL identifier. */
	private static String quoted(String schema) {
		return "\"" + schema.replace("\"", "\"\"") + "\"";
	}

	private static String literal(String text) {
		return "'" + text.replace("'", "''") + "'";
	}

}
