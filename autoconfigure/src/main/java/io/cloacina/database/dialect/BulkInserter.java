package io.cloacina.database.dialect;

import java.util.List;

/**
 * Inserts many rows at once through the backend's own fast path: {@code COPY ... FROM STDIN} on
 * PostgreSQL, one transaction of batched multi-row {@code INSERT}s on SQLite. Get one from
 * {@link DatabaseDialect#bulkInserter(javax.sql.DataSource)}.
 * <p>
 * It joins the Spring-managed transaction of the calling thread when there is one (the connection is
 * taken with {@code DataSourceUtils.getConnection}); otherwise it runs in its own transaction.
 * Either way a failed insert leaves none of its rows: without a transaction it rolls back its own,
 * inside one it rolls back to a savepoint taken just before, and the caller's transaction stays
 * usable.
 * <p>
 * Table and column names are checked with {@link SqlIdentifiers#check(String)} before any SQL runs;
 * values never go into SQL text. Supported values and how they are stored:
 * <table>
 * <caption>Value types</caption>
 * <tr><th>Java</th><th>PostgreSQL</th><th>SQLite</th></tr>
 * <tr><td>{@code null}</td><td>NULL</td><td>NULL</td></tr>
 * <tr><td>{@code String}, {@code Character}</td><td>text, exactly (an empty string and the text
 * {@code \N} stay distinct from NULL)</td><td>TEXT</td></tr>
 * <tr><td>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code Double},
 * {@code Float}</td><td>the number</td><td>INTEGER or REAL</td></tr>
 * <tr><td>{@code BigInteger}, {@code BigDecimal}</td><td>the number, exactly</td><td>its decimal TEXT,
 * converted by the column's affinity</td></tr>
 * <tr><td>{@code Boolean}</td><td>boolean</td><td>INTEGER 1 or 0</td></tr>
 * <tr><td>{@code UUID}</td><td>uuid</td><td>16-byte BLOB, most significant bits first, big-endian</td></tr>
 * <tr><td>{@code Instant}, {@code OffsetDateTime}, {@code ZonedDateTime}</td><td>timestamptz</td><td>TEXT
 * {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, truncated to milliseconds, so that text order is time
 * order (years 0 to 9999)</td></tr>
 * <tr><td>{@code byte[]}</td><td>bytea</td><td>BLOB</td></tr>
 * </table>
 * Any other type is rejected with an {@link IllegalArgumentException} and nothing is inserted.
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public interface BulkInserter {

	/**
	 * Insert rows into a table.
	 * @param table the table, optionally {@code schema.table}
	 * @param columns the columns the values of each row go to, in order
	 * @param rows the rows, each with one value per column
	 * @return the number of rows inserted
	 * @throws IllegalArgumentException if a name is not a plain identifier, a row does not have one
	 * value per column or a value is of an unsupported type; nothing is inserted
	 * @throws org.springframework.dao.DataAccessException if the database refuses a row; nothing is
	 * inserted
	 */
	long insert(String table, List<String> columns, List<Object[]> rows);

}
