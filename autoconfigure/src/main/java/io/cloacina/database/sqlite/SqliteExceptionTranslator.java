package io.cloacina.database.sqlite;

import java.sql.SQLException;

import io.cloacina.database.DatabaseBackend;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator;

/**
 * Translates sqlite-jdbc errors by their SQLite result code into the Spring
 * {@link DataAccessException} that Spring gives for the same failure on PostgreSQL. Spring's
 * error-code table has no SQLite entry and sqlite-jdbc sets no SQL state, so without it every SQLite
 * error is an {@code UncategorizedSQLException}.
 * <table>
 * <caption>Mapping</caption>
 * <tr><th>SQLite result code</th><th>exception</th></tr>
 * <tr><td>{@code CONSTRAINT_PRIMARYKEY}, {@code CONSTRAINT_UNIQUE}, {@code CONSTRAINT_ROWID}</td>
 * <td>{@link DuplicateKeyException}</td></tr>
 * <tr><td>any other {@code CONSTRAINT} ({@code NOTNULL}, {@code CHECK}, {@code FOREIGNKEY},
 * {@code DATATYPE}, {@code TRIGGER}, ...), {@code MISMATCH}, {@code TOOBIG}</td>
 * <td>{@link DataIntegrityViolationException}</td></tr>
 * <tr><td>{@code BUSY}, {@code LOCKED} and their extended codes</td>
 * <td>{@link CannotAcquireLockException}; {@link InvalidDataAccessApiUsageException} for the writer
 * gate's non-transient "this thread would wait for its own write transaction"</td></tr>
 * <tr><td>{@code ERROR} for a syntax error, a missing table, column, function or index, an object
 * that already exists and other mistakes in the SQL text (SQLState class {@code 42} in
 * {@link SqliteSqlStates})</td><td>{@link BadSqlGrammarException}</td></tr>
 * <tr><td>{@code ERROR} for malformed JSON or an integer overflow (class {@code 22})</td>
 * <td>{@link DataIntegrityViolationException}</td></tr>
 * <tr><td>{@code READONLY}, {@code PERM}, {@code AUTH}</td>
 * <td>{@link PermissionDeniedDataAccessException}</td></tr>
 * <tr><td>{@code CANTOPEN}, {@code IOERR}, {@code FULL}, {@code CORRUPT}, {@code NOTADB},
 * {@code NOMEM}</td><td>{@link DataAccessResourceFailureException}</td></tr>
 * <tr><td>{@code INTERRUPT} ({@code Statement.cancel()})</td><td>{@link QueryTimeoutException}</td></tr>
 * </table>
 * Anything else goes to Spring's default chain, the one a {@code JdbcTemplate} uses without this
 * translator (a {@code sql-error-codes.xml} of the application included). Plain
 * {@link SQLException}s whose message starts with {@code [SQLITE_} and whose error code is a SQLite
 * result code, such as those of the starter's writer gate, are translated as well. The original
 * exception is kept as the cause; messages follow Spring's format ({@code task; SQL [sql]; message}).
 * <p>
 * Only SQLite errors are translated, so the translator is harmless on a data source of another
 * database.
 *
 * @since 0.1.0
 */
public class SqliteExceptionTranslator extends AbstractFallbackSQLExceptionTranslator {

	/**
	 * Create a translator that falls back to Spring's default chain.
	 */
	public SqliteExceptionTranslator() {
		// Spring's own choice for the product, no connection opened: the error-code table of an
		// application's sql-error-codes.xml, else the SQLException subclass and SQL state translators.
		JdbcTemplate defaults = new JdbcTemplate();
		defaults.setDatabaseProductName(DatabaseBackend.SQLITE.productName());
		setFallbackTranslator(defaults.getExceptionTranslator());
	}

	@Override
	protected DataAccessException doTranslate(String task, String sql, SQLException ex) {
		int code = SqliteResultCodes.of(ex);
		if (code == SqliteResultCodes.NONE) {
			return null;
		}
		// The SQLState the starter's connections give this error: one table for both.
		String state = SqliteSqlStates.of(code, ex.getMessage());
		return switch (SqliteResultCodes.primary(code)) {
			case SqliteResultCodes.CONSTRAINT -> "23505".equals(state)
					? new DuplicateKeyException(buildMessage(task, sql, ex), ex)
					: new DataIntegrityViolationException(buildMessage(task, sql, ex), ex);
			case SqliteResultCodes.MISMATCH, SqliteResultCodes.TOOBIG ->
				new DataIntegrityViolationException(buildMessage(task, sql, ex), ex);
			case SqliteResultCodes.BUSY, SqliteResultCodes.LOCKED -> SqliteResultCodes.isBusyOrLocked(ex)
					? new CannotAcquireLockException(buildMessage(task, sql, ex), ex)
					: new InvalidDataAccessApiUsageException(buildMessage(task, sql, ex), ex);
			case SqliteResultCodes.ERROR -> state.startsWith("42")
					? new BadSqlGrammarException(task, (sql != null) ? sql : "", ex)
					: state.startsWith("22") ? new DataIntegrityViolationException(buildMessage(task, sql, ex), ex) : null;
			case SqliteResultCodes.READONLY, SqliteResultCodes.PERM, SqliteResultCodes.AUTH ->
				new PermissionDeniedDataAccessException(buildMessage(task, sql, ex), ex);
			case SqliteResultCodes.CANTOPEN, SqliteResultCodes.IOERR, SqliteResultCodes.FULL,
					SqliteResultCodes.CORRUPT, SqliteResultCodes.NOTADB, SqliteResultCodes.NOMEM ->
				new DataAccessResourceFailureException(buildMessage(task, sql, ex), ex);
			case SqliteResultCodes.INTERRUPT -> new QueryTimeoutException(buildMessage(task, sql, ex), ex);
			default -> null;
		};
	}

}
