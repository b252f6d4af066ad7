package io.cloacina.database.dialect;

import java.util.List;

import io.cloacina.database.DatabaseBackend;

/**
 * The SQL that differs between PostgreSQL and SQLite, as small named fragments and column types for
 * DDL: applications write their SQL once and ask the dialect where the backends differ, instead of
 * branching on the backend. One implementation per backend ({@code PostgresDialect},
 * {@code SqliteDialect}); the starter registers the one of the configured backend as a bean, which a
 * bean of your own replaces. How values are bound and read is the {@link ValueCodec}'s part.
 * <p>
 * Fragments never put values into SQL text: they use {@code ?} placeholders, in the order each
 * method documents. Table and column names are checked by {@link SqlIdentifiers#check(String)}.
 *
 * @since 0.1.0
 */
public interface DatabaseDialect {

	/**
	 * The backend of this dialect.
	 * @return the backend
	 */
	DatabaseBackend backend();

	// 1. Upsert

	/**
	 * Insert a row, or update it when one with the same conflict key exists. Parameters: one per
	 * column, in order.
	 * @param table the table
	 * @param columns the columns to insert
	 * @param conflictColumns the unique key that decides whether the row exists
	 * @param updateColumns the columns to overwrite with the new values when it does
	 * @return {@code INSERT ... ON CONFLICT (...) DO UPDATE SET ...}
	 */
	String upsert(String table, List<String> columns, List<String> conflictColumns, List<String> updateColumns);

	/**
	 * Insert a row unless one with the same conflict key exists; the update count says which happened.
	 * Parameters: one per column, in order.
	 * @param table the table
	 * @param columns the columns to insert
	 * @param conflictColumns the unique key
	 * @return {@code INSERT ... ON CONFLICT (...) DO NOTHING}
	 */
	String insertIgnore(String table, List<String> columns, List<String> conflictColumns);

	// 2. Insert returning

	/**
	 * Insert a row and return chosen columns of it, generated keys and defaults included: run it as a
	 * query. Parameters: one per column, in order.
	 * @param table the table
	 * @param columns the columns to insert
	 * @param returning the columns to return
	 * @return {@code INSERT ... RETURNING ...}
	 */
	String insertReturning(String table, List<String> columns, List<String> returning);

	// 3. Batch claim, heartbeat, stale-claim release

	/**
	 * Claim up to a number of rows at once and return them as the claim left them (all columns, or the
	 * request's {@link ClaimRequest#returning() returning} columns):
	 * each row is claimed by exactly one caller, however many claim at the same time. Run it as a
	 * query. Parameters: owner, claimed status, the condition's parameters, the limit. The request's
	 * {@link ClaimRequest#assignments() assignments} are made by the same statement.
	 * @param request the table, columns and condition
	 * @return one statement: PostgreSQL {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
	 * RETURNING *} (or the named columns); SQLite the same without the lock clause, which the single-writer transaction makes
	 * unnecessary
	 */
	String claimBatch(ClaimRequest request);

	/**
	 * Record that the owner of a claimed row is alive. Parameters: id, owner. Updates nothing when
	 * the row is no longer the owner's.
	 * @param request the claim's table and columns
	 * @return {@code UPDATE ... SET heartbeat = now WHERE id = ? AND owner = ?}
	 */
	String heartbeat(ClaimRequest request);

	/**
	 * Make claims whose owner went quiet claimable again. Parameters: the status to give them back, the
	 * claimed status, the timeout in seconds.
	 * @param request the claim's table and columns
	 * @return {@code UPDATE ... SET owner = NULL, status = ? WHERE status = ? AND heartbeat < now - ?s}
	 */
	String releaseStaleClaims(ClaimRequest request);

	/**
	 * A query whose rows the transaction will update, locked against concurrent writers until it
	 * ends: the read of a read-modify-write. Parameters: the query's own.
	 * @param select the query
	 * @return PostgreSQL {@code select FOR UPDATE}; SQLite the query unchanged, as its write
	 * transactions run one at a time
	 */
	String forUpdate(String select);

	// 4. Pagination and counting

	/**
	 * One page of a query. Parameters: the query's own, then page size, then offset.
	 * @param select a query with its {@code ORDER BY}
	 * @return the query with {@code LIMIT ? OFFSET ?}
	 */
	String page(String select);

	/**
	 * The number of rows a query returns.
	 * @param select the query
	 * @return {@code SELECT count(*) FROM (select) ...}
	 */
	String count(String select);

	// 5. Time

	/**
	 * The database's current time, as {@link ValueCodec#timestamp(java.time.Instant)} stores an instant.
	 * @return an SQL expression
	 */
	String now();

	/**
	 * The database's current time minus a number of seconds. Parameters: the seconds (a number).
	 * @return an SQL expression comparable with timestamp columns
	 */
	String secondsAgo();

	// 6. Column types for DDL

	/**
	 * Column type for a UUID.
	 * @return PostgreSQL {@code UUID}; SQLite {@code BLOB} (16 bytes)
	 */
	String uuidType();

	/**
	 * Column type and check for JSON text.
	 * @param column the column, for its check constraint
	 * @return PostgreSQL {@code TEXT CHECK (col::json IS NOT NULL)}; SQLite
	 * {@code TEXT CHECK (json_valid(col))}
	 */
	String jsonType(String column);

	/**
	 * Column type for a boolean.
	 * @param column the column, for its check constraint
	 * @return PostgreSQL {@code BOOLEAN}; SQLite {@code INTEGER CHECK (col IN (0, 1))}
	 */
	String booleanType(String column);

	/**
	 * Column type for an instant in UTC.
	 * @return PostgreSQL {@code TIMESTAMPTZ}; SQLite {@code TEXT} (fixed-width RFC 3339, millisecond
	 * precision)
	 */
	String timestampType();

	/**
	 * Column definition of a generated 64-bit primary key.
	 * @return PostgreSQL {@code BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY}; SQLite
	 * {@code INTEGER PRIMARY KEY AUTOINCREMENT}
	 */
	String identityPrimaryKey();

	/**
	 * Column type for bytes.
	 * @return PostgreSQL {@code BYTEA}; SQLite {@code BLOB}
	 */
	String bytesType();

}
