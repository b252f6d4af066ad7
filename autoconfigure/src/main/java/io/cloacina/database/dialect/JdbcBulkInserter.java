package io.cloacina.database.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * What both bulk inserters share: input checks before any SQL, the connection of the caller's
 * Spring transaction or a transaction of its own, all or nothing, and exception translation. A
 * backend's inserter says only which statement it runs and how it writes the rows.
 *
 * @since 0.1.0
 */
public abstract class JdbcBulkInserter implements BulkInserter {

	private static final Log logger = LogFactory.getLog(JdbcBulkInserter.class);

	private final DataSource dataSource;

	/** Needs no connection, unlike the error-code translator: safe with a pool of one. */
	private final SQLExceptionTranslator exceptionTranslator;

	/**
	 * Create an inserter.
	 * @param dataSource the data source to insert into
	 * @param exceptionTranslator the translator of the backend's errors
	 */
	protected JdbcBulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
		this.dataSource = dataSource;
		this.exceptionTranslator = exceptionTranslator;
	}

	@Override
	public final long insert(String table, List<String> columns, List<Object[]> rows) {
		if (columns == null || rows == null) {
			throw new IllegalArgumentException("Columns and rows are required");
		}
		String sql = sql(SqlIdentifiers.check(table), SqlIdentifiers.list(columns), columns.size());
		checkRows(columns.size(), rows);
		if (rows.isEmpty()) {
			return 0;
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!connection.getAutoCommit() && DataSourceUtils.isConnectionTransactional(connection, this.dataSource)) {
				return insertInCallersTransaction(connection, sql, columns, rows);
			}
			return insertInOwnTransaction(connection, sql, columns, rows);
		}
		catch (SQLException ex) {
			String task = "Bulk insert into " + table;
			DataAccessException translated = this.exceptionTranslator.translate(task, sql, ex);
			throw (translated != null) ? translated : new UncategorizedSQLException(task, sql, ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * The statement that {@link #write} runs, from checked names.
	 * @param table the table
	 * @param columns the columns, joined with commas
	 * @param columnCount how many columns
	 * @return the SQL
	 */
	protected abstract String sql(String table, String columns, int columnCount);

	/**
	 * Insert the rows on the given connection, inside a transaction that the caller ends.
	 * @param connection the connection
	 * @param sql the statement from {@link #sql}
	 * @param columns the column names, for messages
	 * @param rows the rows, one value per column each
	 * @return the number of rows inserted
	 * @throws SQLException if the database refuses them
	 * @throws IllegalArgumentException if a value is of an unsupported type
	 */
	protected abstract long write(Connection connection, String sql, List<String> columns, List<Object[]> rows)
			throws SQLException;

	/**
	 * The exception for a value of a type that is not supported.
	 * @param value the value
	 * @param row the index of its row
	 * @param column its column
	 * @return the exception to throw
	 */
	protected static IllegalArgumentException unsupported(Object value, int row, String column) {
		return new IllegalArgumentException("Unsupported value of type " + value.getClass().getName() + " in row "
				+ row + ", column " + column + ": use null, String, Character, Long, Integer, Short, Byte, "
				+ "BigInteger, BigDecimal, Double, Float, Boolean, UUID, Instant, OffsetDateTime, "
				+ "ZonedDateTime or byte[]");
	}

	/** Joined: a savepoint makes the bulk insert all or nothing and keeps the caller's transaction usable. */
	private long insertInCallersTransaction(Connection connection, String sql, List<String> columns,
			List<Object[]> rows) throws SQLException {
		Savepoint savepoint = connection.setSavepoint();
		try {
			long inserted = write(connection, sql, columns, rows);
			connection.releaseSavepoint(savepoint);
			return inserted;
		}
		catch (SQLException | RuntimeException | Error ex) {
			try {
				connection.rollback(savepoint);
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
	}

	private long insertInOwnTransaction(Connection connection, String sql, List<String> columns, List<Object[]> rows)
			throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		try {
			long inserted = write(connection, sql, columns, rows);
			connection.commit();
			return inserted;
		}
		catch (SQLException | RuntimeException | Error ex) {
			try {
				connection.rollback();
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		finally {
			if (autoCommit) {
				try {
					connection.setAutoCommit(true);
				}
				catch (SQLException ex) {
					// As DataSourceTransactionManager does: the outcome is decided, the pool resets it too.
					logger.debug("Could not reset auto-commit after a bulk insert", ex);
				}
			}
		}
	}

	private static void checkRows(int columns, List<Object[]> rows) {
		int index = 0;
		for (Object[] row : rows) {
			if (row == null || row.length != columns) {
				throw new IllegalArgumentException("Row " + index + " has " + ((row != null) ? row.length : "no")
						+ " values, expected one per column (" + columns + ")");
			}
			index++;
		}
	}

}
