package io.cloacina.database.postgresql;

import java.sql.SQLException;

import io.cloacina.database.DatabaseBackend;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator;

/**
 * Spring's default translation for PostgreSQL, plus the two SQL states it leaves uncategorized for
 * which {@code SqliteExceptionTranslator} has a SQLite counterpart, so that both backends give the
 * same exception:
 * <table>
 * <caption>Additions</caption>
 * <tr><th>SQL state</th><th>exception</th><th>SQLite counterpart</th></tr>
 * <tr><td>{@code 55P03} lock not available ({@code lock_timeout}, {@code NOWAIT})</td>
 * <td>{@link CannotAcquireLockException}, as in Spring's own PostgreSQL error-code table</td>
 * <td>{@code SQLITE_BUSY}, {@code SQLITE_LOCKED}</td></tr>
 * <tr><td>{@code 25006} read-only SQL transaction (a write in {@code @Transactional(readOnly = true)})</td>
 * <td>{@link PermissionDeniedDataAccessException}</td><td>{@code SQLITE_READONLY}</td></tr>
 * </table>
 * Everything else goes to Spring's default chain unchanged, for example {@code 23505} to
 * {@code DuplicateKeyException} and {@code 40001} to {@code CannotAcquireLockException}.
 *
 * @since 0.1.0
 */
public class PostgresExceptionTranslator extends AbstractFallbackSQLExceptionTranslator {

	/**
	 * Create a translator that falls back to Spring's default chain.
	 */
	public PostgresExceptionTranslator() {
		// Spring's own choice for the product, no connection opened: the error-code table of an
		// application's sql-error-codes.xml, else the SQLException subclass and SQL state translators.
		JdbcTemplate defaults = new JdbcTemplate();
		defaults.setDatabaseProductName(DatabaseBackend.POSTGRESQL.productName());
		setFallbackTranslator(defaults.getExceptionTranslator());
	}

	@Override
	protected DataAccessException doTranslate(String task, String sql, SQLException ex) {
		String sqlState = ex.getSQLState();
		if ("55P03".equals(sqlState)) {
			return new CannotAcquireLockException(buildMessage(task, sql, ex), ex);
		}
		if ("25006".equals(sqlState)) {
			return new PermissionDeniedDataAccessException(buildMessage(task, sql, ex), ex);
		}
		return null;
	}

}
