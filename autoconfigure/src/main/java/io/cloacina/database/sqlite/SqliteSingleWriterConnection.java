package io.cloacina.database.sqlite;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

import org.sqlite.SQLiteConnection;

/**
 * A physical sqlite-jdbc connection whose transactions the starter runs itself, so that none can
 * fail with {@code SQLITE_BUSY} inside the process and no commit is ever reported as failed after
 * it was written. Every call that touches transactions is a transition of its
 * {@link SqliteTransaction}; statements are wrapped ({@link SqliteStatement},
 * {@link SqlitePreparedStatement}) so that a write transaction takes the database's writer slot
 * when its first statement <em>executes</em>, whenever that statement was created.
 * <p>
 * Why: sqlite-jdbc's {@code commit()} runs {@code COMMIT} and then at once {@code BEGIN} again. In
 * {@code IMMEDIATE} mode that second {@code BEGIN} competes for the write lock, and when it loses,
 * {@code commit()} throws although the data is on disk. In {@code DEFERRED} mode a transaction that
 * reads and then writes gets {@code SQLITE_BUSY} at once, without waiting. Here instead write
 * transactions queue for the in-process writer slot, then run {@code BEGIN IMMEDIATE}; read-only
 * transactions run {@code BEGIN DEFERRED} under {@code PRAGMA query_only} and never queue; commit
 * and rollback end the transaction and release the slot, and the next one begins with its first
 * statement.
 * <p>
 * What bypasses it: the driver connection itself ({@code unwrap(SQLiteConnection.class)}), and
 * transaction control written as SQL ({@code BEGIN}, {@code COMMIT}, {@code SAVEPOINT} statements)
 * instead of JDBC calls.
 */
final class SqliteSingleWriterConnection implements Connection {

	private final SQLiteConnection delegate;

	private final SqliteTransaction transaction;

	private int savepoints;

	SqliteSingleWriterConnection(SQLiteConnection delegate, SqliteWriteGate gate) {
		this.delegate = delegate;
		this.transaction = new SqliteTransaction(delegate, gate);
	}

	SqliteTransaction transaction() {
		return this.transaction;
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		this.transaction.setAutoCommit(autoCommit);
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		return this.transaction.getAutoCommit();
	}

	@Override
	public void commit() throws SQLException {
		this.transaction.commit();
	}

	@Override
	public void rollback() throws SQLException {
		this.transaction.rollback();
	}

	@Override
	public void close() throws SQLException {
		this.transaction.close();
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		this.transaction.abort(executor);
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.transaction.state() == SqliteTransaction.State.CLOSED || this.delegate.isClosed();
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		this.transaction.setReadOnly(readOnly);
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return this.transaction.isReadOnly() || this.delegate.isReadOnly();
	}

	/**
	 * SQLite runs every transaction serializable. The levels JDBC defines are accepted, as the
	 * standard lets a database give a stronger level than asked for: {@code READ_UNCOMMITTED} turns
	 * on {@code PRAGMA read_uncommitted}, which lets readers of a shared-cache (in-memory) database
	 * skip table locks and is ignored otherwise. Anything else is refused.
	 */
	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		switch (level) {
			case TRANSACTION_SERIALIZABLE, TRANSACTION_REPEATABLE_READ, TRANSACTION_READ_COMMITTED,
					TRANSACTION_READ_UNCOMMITTED -> this.delegate.setTransactionIsolation(level);
			default -> throw new SQLFeatureNotSupportedException("Transaction isolation level " + level
					+ " is not supported by SQLite, which runs every transaction serializable. Use "
					+ "TRANSACTION_SERIALIZABLE (the default), TRANSACTION_REPEATABLE_READ or TRANSACTION_READ_COMMITTED "
					+ "(all serializable on SQLite), or TRANSACTION_READ_UNCOMMITTED (dirty reads in a shared-cache "
					+ "in-memory database, serializable otherwise).", "HY024");
		}
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return this.delegate.getTransactionIsolation();
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		int id = ++this.savepoints;
		SqliteSavepoint savepoint = new SqliteSavepoint("cloacina_sp_" + id, id);
		this.transaction.setSavepoint(savepoint.quoted());
		return savepoint;
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		SqliteSavepoint savepoint = new SqliteSavepoint(name, 0);
		this.transaction.setSavepoint(savepoint.quoted());
		return savepoint;
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		this.transaction.rollbackToSavepoint(SqliteSavepoint.quoted(savepoint));
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		this.transaction.releaseSavepoint(SqliteSavepoint.quoted(savepoint));
	}

	// Statements: wrapped, so that running them begins the transaction.
	// Preparing compiles the SQL: a mistake in it fails there, with its SQLState.

	@Override
	public Statement createStatement() throws SQLException {
		return new SqliteStatement(this.delegate.createStatement(), this);
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		try {
			return new SqlitePreparedStatement(this.delegate.prepareStatement(sql), this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return this.delegate.prepareCall(sql);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		return new SqliteStatement(this.delegate.createStatement(resultSetType, resultSetConcurrency), this);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		try {
			return new SqlitePreparedStatement(
					this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		return new SqliteStatement(
				this.delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		try {
			return new SqlitePreparedStatement(
					this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
					this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			return new SqlitePreparedStatement(this.delegate.prepareStatement(sql, autoGeneratedKeys), this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		try {
			return new SqlitePreparedStatement(this.delegate.prepareStatement(sql, columnIndexes), this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		try {
			return new SqlitePreparedStatement(this.delegate.prepareStatement(sql, columnNames), this, sql);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
	}

	// Plain delegation.

	@Override
	public String nativeSQL(String sql) throws SQLException {
		return this.delegate.nativeSQL(sql);
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		return this.delegate.getMetaData();
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		this.delegate.setCatalog(catalog);
	}

	@Override
	public String getCatalog() throws SQLException {
		return this.delegate.getCatalog();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		this.transaction.checkOpen();
		return this.delegate.getWarnings();
	}

	/**
	 * Fails once the connection is closed or aborted, as JDBC says: HikariCP calls it on every return
	 * to the pool and drops a connection whose call fails with a connection error.
	 */
	@Override
	public void clearWarnings() throws SQLException {
		this.transaction.checkOpen();
		this.delegate.clearWarnings();
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		return this.delegate.getTypeMap();
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		this.delegate.setTypeMap(map);
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		this.delegate.setHoldability(holdability);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.delegate.getHoldability();
	}

	@Override
	public Clob createClob() throws SQLException {
		return this.delegate.createClob();
	}

	@Override
	public Blob createBlob() throws SQLException {
		return this.delegate.createBlob();
	}

	@Override
	public NClob createNClob() throws SQLException {
		return this.delegate.createNClob();
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return this.delegate.createSQLXML();
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		return this.transaction.state() != SqliteTransaction.State.CLOSED && this.delegate.isValid(timeout);
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		this.delegate.setClientInfo(name, value);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		this.delegate.setClientInfo(properties);
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		return this.delegate.getClientInfo(name);
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		return this.delegate.getClientInfo();
	}

	@Override
	public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
		return this.delegate.createArrayOf(typeName, elements);
	}

	@Override
	public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
		return this.delegate.createStruct(typeName, attributes);
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		this.delegate.setSchema(schema);
	}

	@Override
	public String getSchema() throws SQLException {
		return this.delegate.getSchema();
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		this.delegate.setNetworkTimeout(executor, milliseconds);
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		return this.delegate.getNetworkTimeout();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		if (iface.isInstance(this.delegate)) {
			return (T) this.delegate;
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.delegate) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return "SqliteSingleWriterConnection[" + this.delegate.getUrl() + ", " + this.transaction.state() + "]";
	}

	/**
	 * A savepoint of this connection: named, or numbered when created without a name.
	 *
	 * @param name the savepoint's name in SQLite
	 * @param id the number of an unnamed savepoint, 0 for a named one
	 */
	private record SqliteSavepoint(String name, int id) implements Savepoint {

		static String quoted(Savepoint savepoint) throws SQLException {
			if (savepoint instanceof SqliteSavepoint own) {
				return own.quoted();
			}
			return new SqliteSavepoint(savepoint.getSavepointName(), 0).quoted();
		}

		String quoted() {
			return "\"" + this.name.replace("\"", "\"\"") + "\"";
		}

		@Override
		public int getSavepointId() throws SQLException {
			if (this.id == 0) {
				throw new SQLException("This is a named savepoint");
			}
			return this.id;
		}

		@Override
		public String getSavepointName() throws SQLException {
			if (this.id != 0) {
				throw new SQLException("This is an unnamed savepoint");
			}
			return this.name;
		}

	}

}
