package io.cloacina.database.dialect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * The SQL that differs between PostgreSQL and SQLite, as small named fragments: applications write
 * their SQL once and ask the dialect where the backends differ, instead of branching on the backend.
 * One implementation per backend; the starter registers the one of the configured backend as a bean,
 * which a bean of your own replaces.
 * <p>
 * Fragments never put values into SQL text: they use {@code ?} placeholders, in the order each
 * method documents. Table and column names are checked by {@link SqlIdentifiers#check(String)}.
 *
 * @since 0.1.0
 */
public interface DatabaseDialect {

	/**
	 * The starter's dialect of a backend, for code that runs outside a Spring context; in an
	 * application inject the {@code DatabaseDialect} bean instead.
	 * @param backend the backend
	 * @return a new {@link PostgresDialect} or {@link SqliteDialect}
	 */
	static DatabaseDialect forBackend(DatabaseBackend backend) {
		return switch (backend) {
			case POSTGRESQL -> new PostgresDialect();
			case SQLITE -> new SqliteDialect();
		};
	}

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
	 * Claim up to a number of rows at once and return them (all columns): each row is claimed by
	 * exactly one caller, however many claim at the same time. Run it as a query. Parameters: owner,
	 * claimed status, the condition's parameters, the limit.
	 * @param request the table, columns and condition
	 * @return one statement: PostgreSQL {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
	 * RETURNING *}; SQLite the same without the lock clause, which the single-writer transaction makes
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
	 * The database's current time, as stored by {@link #timestamp(Instant)}.
	 * @return an SQL expression
	 */
	String now();

	/**
	 * The database's current time minus a number of seconds. Parameters: the seconds (a number).
	 * @return an SQL expression comparable with timestamp columns
	 */
	String secondsAgo();

	// 6. Leader lock

	/**
	 * A lock that at most one holder at a time can hold, across every application instance on this
	 * database; a holder that dies loses it.
	 * @param dataSource the data source of this backend
	 * @param leaseTime how long a SQLite lease lasts unless renewed (PostgreSQL holds its lock as long
	 * as the holder's session lives)
	 * @return the lock
	 */
	LeaderLock leaderLock(DataSource dataSource, Duration leaseTime);

	// 9. Bulk insert

	/**
	 * Insert many rows at once through the backend's own fast path: PostgreSQL {@code COPY FROM STDIN},
	 * SQLite one transaction of batched multi-row {@code INSERT}s. Values are stored as the value
	 * methods of this dialect store them.
	 * @param dataSource the data source of this backend
	 * @return the inserter
	 */
	BulkInserter bulkInserter(DataSource dataSource);

	// 10. Errors

	/**
	 * Translates this backend's {@link java.sql.SQLException}s into the same Spring
	 * {@code DataAccessException}s on both backends ({@code DuplicateKeyException},
	 * {@code DataIntegrityViolationException}, {@code CannotAcquireLockException}, ...). The starter
	 * gives it to Spring Boot's {@code JdbcTemplate} and transaction manager.
	 * @return the translator
	 */
	SQLExceptionTranslator exceptionTranslator();

	// 7. Column types for DDL

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

	// 8. Values that round-trip the same on both backends

	/**
	 * A UUID parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue uuid(UUID value);

	/**
	 * Read a UUID column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	UUID getUuid(ResultSet resultSet, String column) throws SQLException;

	/**
	 * An instant parameter (null allowed), kept to millisecond precision on both backends.
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue timestamp(Instant value);

	/**
	 * Read an instant column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	Instant getTimestamp(ResultSet resultSet, String column) throws SQLException;

	/**
	 * A JSON parameter (null allowed), stored as the given text.
	 * @param json the JSON text
	 * @return the parameter to bind
	 */
	SqlParameterValue json(String json);

	/**
	 * Read a JSON column as text, exactly as stored.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the text, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	String getJson(ResultSet resultSet, String column) throws SQLException;

	/**
	 * A boolean parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue bool(Boolean value);

	/**
	 * Read a boolean column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null} for SQL NULL
	 * @throws SQLException on a JDBC error
	 */
	Boolean getBoolean(ResultSet resultSet, String column) throws SQLException;

	/**
	 * A bytes parameter (null allowed).
	 * @param value the value
	 * @return the parameter to bind
	 */
	SqlParameterValue bytes(byte[] value);

	/**
	 * Read a bytes column.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the value, or {@code null}
	 * @throws SQLException on a JDBC error
	 */
	byte[] getBytes(ResultSet resultSet, String column) throws SQLException;

}
