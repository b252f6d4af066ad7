package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A statement of a {@link SqliteSingleWriterConnection}: running it first lets the connection's
 * {@link SqliteTransaction} begin the transaction (and take the writer slot) if none is open, and a
 * failure is shown to the transaction, which notices when SQLite rolled it back. Everything else is
 * delegated; one instance per statement created, nothing allocated per execution.
 */
class SqliteStatement implements Statement {

	private final Statement delegate;

	final SqliteSingleWriterConnection connection;

	final SqliteTransaction transaction;

	SqliteStatement(Statement delegate, SqliteSingleWriterConnection connection) {
		this.delegate = delegate;
		this.connection = connection;
		this.transaction = connection.transaction();
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		this.delegate.addBatch(sql);
	}

	@Override
	public void cancel() throws SQLException {
		this.delegate.cancel();
	}

	@Override
	public void clearBatch() throws SQLException {
		this.delegate.clearBatch();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public void close() throws SQLException {
		this.delegate.close();
	}

	@Override
	public void closeOnCompletion() throws SQLException {
		this.delegate.closeOnCompletion();
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		this.transaction.beforeExecute(SqliteTransaction.isQuery(sql));
		try {
			return this.delegate.execute(sql);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public boolean execute(String sql, String[] keys) throws SQLException {
		this.transaction.beforeExecute(SqliteTransaction.isQuery(sql));
		try {
			return this.delegate.execute(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public boolean execute(String sql, int keys) throws SQLException {
		this.transaction.beforeExecute(SqliteTransaction.isQuery(sql));
		try {
			return this.delegate.execute(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public boolean execute(String sql, int[] keys) throws SQLException {
		this.transaction.beforeExecute(SqliteTransaction.isQuery(sql));
		try {
			return this.delegate.execute(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int[] executeBatch() throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeBatch();
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeLargeBatch();
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeLargeUpdate(sql);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int[] keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeLargeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, String[] keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeLargeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeLargeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		this.transaction.beforeExecute(SqliteTransaction.isQuery(sql));
		try {
			return new SqliteResultSet(this.delegate.executeQuery(sql), this);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeUpdate(sql);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, String[] keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int[] keys) throws SQLException {
		this.transaction.beforeExecute(false);
		try {
			return this.delegate.executeUpdate(sql, keys);
		}
		catch (SQLException ex) {
			throw this.transaction.afterFailure(ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return this.delegate.getFetchDirection();
	}

	@Override
	public int getFetchSize() throws SQLException {
		return this.delegate.getFetchSize();
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		return new SqliteResultSet(this.delegate.getGeneratedKeys(), this);
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		return this.delegate.getLargeMaxRows();
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		return this.delegate.getLargeUpdateCount();
	}

	@Override
	public int getMaxFieldSize() throws SQLException {
		return this.delegate.getMaxFieldSize();
	}

	@Override
	public int getMaxRows() throws SQLException {
		return this.delegate.getMaxRows();
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		return this.delegate.getMoreResults();
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		return this.delegate.getMoreResults(current);
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		return this.delegate.getQueryTimeout();
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		ResultSet result = this.delegate.getResultSet();
		return (result != null) ? new SqliteResultSet(result, this) : null;
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		return this.delegate.getResultSetConcurrency();
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		return this.delegate.getResultSetHoldability();
	}

	@Override
	public int getResultSetType() throws SQLException {
		return this.delegate.getResultSetType();
	}

	@Override
	public int getUpdateCount() throws SQLException {
		return this.delegate.getUpdateCount();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		return this.delegate.isCloseOnCompletion();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public boolean isPoolable() throws SQLException {
		return this.delegate.isPoolable();
	}

	@Override
	public void setCursorName(String sql) throws SQLException {
		this.delegate.setCursorName(sql);
	}

	@Override
	public void setEscapeProcessing(boolean value) throws SQLException {
		this.delegate.setEscapeProcessing(value);
	}

	@Override
	public void setFetchDirection(int value) throws SQLException {
		this.delegate.setFetchDirection(value);
	}

	@Override
	public void setFetchSize(int value) throws SQLException {
		this.delegate.setFetchSize(value);
	}

	@Override
	public void setLargeMaxRows(long value) throws SQLException {
		this.delegate.setLargeMaxRows(value);
	}

	@Override
	public void setMaxFieldSize(int value) throws SQLException {
		this.delegate.setMaxFieldSize(value);
	}

	@Override
	public void setMaxRows(int value) throws SQLException {
		this.delegate.setMaxRows(value);
	}

	@Override
	public void setPoolable(boolean value) throws SQLException {
		this.delegate.setPoolable(value);
	}

	@Override
	public void setQueryTimeout(int value) throws SQLException {
		this.delegate.setQueryTimeout(value);
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
