package io.cloacina.database.sqlite;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.sqlite.SQLiteException;

/**
 * Gives the errors of sqlite-jdbc the SQLState of {@link SqliteSqlStates} on their way out of the
 * starter's SQLite connections.
 */
final class SqliteErrors {

	private SqliteErrors() {
	}

	/**
	 * The same failure with its SQLState: a {@link SQLiteException} without one becomes a
	 * {@code SQLiteException} (same message, result code and stack) that has it; a
	 * {@link BatchUpdateException} over one gets it too. Anything else is returned as it is.
	 * @param ex a failure of the driver
	 * @return the failure to throw
	 */
	static SQLException withState(SQLException ex) {
		if (ex.getSQLState() != null) {
			return ex;
		}
		if (ex instanceof SQLiteException sqlite && sqlite.getResultCode() != null) {
			return new StatefulSqliteException(sqlite, SqliteSqlStates.of(sqlite.getResultCode().code, sqlite.getMessage()));
		}
		if (ex instanceof BatchUpdateException batch && batch.getCause() instanceof SQLiteException sqlite
				&& sqlite.getResultCode() != null) {
			BatchUpdateException stateful = new BatchUpdateException(batch.getMessage(),
					SqliteSqlStates.of(sqlite.getResultCode().code, sqlite.getMessage()), sqlite.getErrorCode(),
					batch.getLargeUpdateCounts(), sqlite);
			stateful.setStackTrace(batch.getStackTrace());
			return stateful;
		}
		return ex;
	}

	/** A driver exception with the SQLState the driver did not set. */
	private static final class StatefulSqliteException extends SQLiteException {

		private final String sqlState;

		StatefulSqliteException(SQLiteException original, String sqlState) {
			super(original.getMessage(), original.getResultCode());
			this.sqlState = sqlState;
			setStackTrace(original.getStackTrace());
			if (original.getCause() != null) {
				initCause(original.getCause());
			}
			for (Throwable suppressed : original.getSuppressed()) {
				addSuppressed(suppressed);
			}
			if (original.getNextException() != null) {
				setNextException(original.getNextException());
			}
		}

		@Override
		public String getSQLState() {
			return this.sqlState;
		}

	}

}
