package io.cloacina.database;

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
 * it was written.
 * <p>
 * Why: sqlite-jdbc's {@code commit()} runs {@code COMMIT} and then at once {@code BEGIN} again. In
 * {@code IMMEDIATE} mode that second {@code BEGIN} competes for the write lock, and when it loses,
 * {@code commit()} throws although the data is on disk. In {@code DEFERRED} mode a transaction that
 * reads and then writes gets {@code SQLITE_BUSY} at once, without waiting. Here instead:
 * <ul>
 * <li>a write transaction (auto-commit off, not read-only) first takes the database's
 * {@link SqliteWriteGate}, then runs {@code BEGIN IMMEDIATE}: in-process writers queue fairly in Java,
 * other processes are waited for by SQLite's busy timeout;</li>
 * <li>{@code commit()} runs {@code COMMIT} and releases the gate at once; with auto-commit still off
 * it opens a {@code BEGIN DEFERRED} that takes no lock (a statement prepared earlier and executed
 * again stays transactional) and takes the gate again with the next statement created. Nothing after
 * the {@code COMMIT} can make the commit report a failure;</li>
 * <li>a read-only transaction runs {@code BEGIN DEFERRED} with {@code PRAGMA query_only} on and never
 * takes the gate, so in WAL mode it reads in parallel with the writer;</li>
 * <li>auto-commit statements run as SQLite runs them, waiting on the busy timeout.</li>
 * </ul>
 * The physical connection stays in sqlite-jdbc's auto-commit mode; one instance wraps each pooled
 * connection for its whole life, so nothing is allocated per call.
 */
final class SqliteSingleWriterConnection implements Connection {

	private final SQLiteConnection delegate;

	private final SqliteWriteGate gate;

	private boolean autoCommit = true;

	private boolean readOnly;

	/** A transaction of ours is open in SQLite. */
	private boolean inTransaction;

	/** This connection holds the write gate. */
	private boolean holdsGate;

	/**
	 * The open transaction is the cheap {@code BEGIN DEFERRED} that follows a commit or rollback while
	 * auto-commit stays off; it takes the write gate with the next statement created.
	 */
	private boolean provisional;

	private int savepoints;

	SqliteSingleWriterConnection(SQLiteConnection delegate, SqliteWriteGate gate) {
		this.delegate = delegate;
		this.gate = gate;
	}

	SQLiteConnection sqliteConnection() {
		return this.delegate;
	}

	private void exec(String sql) throws SQLException {
		this.delegate.getDatabase().exec(sql, false);
	}

	private void begin() throws SQLException {
		if (this.readOnly) {
			exec("BEGIN DEFERRED");
		}
		else {
			if (!this.holdsGate) {
				this.gate.acquire();
				this.holdsGate = true;
			}
			try {
				exec("BEGIN IMMEDIATE");
			}
			catch (SQLException ex) {
				releaseGate();
				throw ex;
			}
		}
		// Stops sqlite-jdbc from trying to end our transaction after each statement.
		this.delegate.getConnectionConfig().setAutoCommit(false);
		this.inTransaction = true;
	}

	/** Ends our transaction with COMMIT or ROLLBACK; afterwards SQLite is in auto-commit mode. */
	private void end(String sql) throws SQLException {
		if (!this.inTransaction) {
			return;
		}
		try {
			exec(sql);
		}
		catch (SQLException ex) {
			// A failed COMMIT may leave the transaction open: roll it back, nothing was written.
			try {
				exec("ROLLBACK");
			}
			catch (SQLException rollbackFailure) {
				if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
					ex.addSuppressed(rollbackFailure);
				}
			}
			afterEnd();
			throw ex;
		}
		afterEnd();
	}

	private void afterEnd() {
		this.inTransaction = false;
		this.provisional = false;
		this.savepoints = 0;
		this.delegate.getConnectionConfig().setAutoCommit(true);
	}

	private void releaseGate() {
		if (this.holdsGate) {
			this.holdsGate = false;
			this.gate.release();
		}
	}

	/**
	 * Makes sure a statement created now runs in a write transaction that holds the gate: begins one
	 * after a failed begin, or takes the gate for the provisional transaction that followed a commit.
	 */
	private void ensureTransaction() throws SQLException {
		if (this.autoCommit) {
			return;
		}
		if (!this.inTransaction) {
			begin();
		}
		else if (this.provisional) {
			// No statement has run since the gate was taken, so this transaction's snapshot starts
			// behind every in-process writer: its upgrade to a write cannot fail with BUSY_SNAPSHOT.
			if (!this.readOnly && !this.holdsGate) {
				this.gate.acquire();
				this.holdsGate = true;
			}
			this.provisional = false;
		}
	}

	/**
	 * After commit or rollback with auto-commit still off: release the gate at once, so the next
	 * writer goes ahead, and open a {@code BEGIN DEFERRED} transaction that takes no lock, so that a
	 * statement prepared earlier and executed again still runs inside a transaction. A failure here
	 * is not the commit's: the next statement begins again.
	 */
	private void beginProvisional() {
		releaseGate();
		try {
			exec("BEGIN DEFERRED");
			this.delegate.getConnectionConfig().setAutoCommit(false);
			this.inTransaction = true;
			this.provisional = true;
		}
		catch (SQLException ex) {
			// ensureTransaction() begins with the next statement.
		}
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		checkOpen();
		if (autoCommit == this.autoCommit) {
			return;
		}
		if (autoCommit) {
			try {
				end("COMMIT");
			}
			finally {
				this.autoCommit = true;
				releaseGate();
			}
		}
		else {
			begin();
			this.autoCommit = false;
		}
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		checkOpen();
		return this.autoCommit;
	}

	@Override
	public void commit() throws SQLException {
		checkOpen();
		if (this.autoCommit) {
			throw new SQLException("database in auto-commit mode");
		}
		try {
			end("COMMIT");
		}
		finally {
			// The gate goes to the next writer now, not after the transaction manager switches
			// auto-commit back on; no BEGIN IMMEDIATE competes for the write lock after the COMMIT.
			beginProvisional();
		}
	}

	@Override
	public void rollback() throws SQLException {
		checkOpen();
		if (this.autoCommit) {
			throw new SQLException("database in auto-commit mode");
		}
		try {
			end("ROLLBACK");
		}
		finally {
			beginProvisional();
		}
	}

	@Override
	public void close() throws SQLException {
		try {
			if (this.inTransaction && !this.delegate.isClosed()) {
				end("ROLLBACK");
			}
		}
		finally {
			this.autoCommit = true;
			releaseGate();
			this.delegate.close();
		}
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		try {
			this.delegate.abort(executor);
		}
		finally {
			releaseGate();
		}
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		checkOpen();
		if (readOnly == this.readOnly) {
			return;
		}
		if (this.inTransaction && this.provisional) {
			// Between transactions: end the provisional one, as switching auto-commit on would.
			end("COMMIT");
		}
		if (this.inTransaction) {
			throw new SQLException("Cannot change the read-only flag inside a transaction");
		}
		exec(readOnly ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
		this.readOnly = readOnly;
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return this.readOnly || this.delegate.isReadOnly();
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		return setSavepoint("cloacina_sp_" + (++this.savepoints));
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		checkOpen();
		if (this.autoCommit) {
			throw new SQLException("Savepoints need a transaction: auto-commit is on");
		}
		ensureTransaction();
		NamedSavepoint savepoint = new NamedSavepoint(name);
		exec("SAVEPOINT " + savepoint.quoted());
		return savepoint;
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		checkOpen();
		ensureTransaction();
		exec("ROLLBACK TO SAVEPOINT " + NamedSavepoint.of(savepoint).quoted());
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		checkOpen();
		ensureTransaction();
		exec("RELEASE SAVEPOINT " + NamedSavepoint.of(savepoint).quoted());
	}

	private void checkOpen() throws SQLException {
		if (this.delegate.isClosed()) {
			throw new SQLException("database connection closed");
		}
	}

	// Statements: begin a transaction that a failed begin left pending, then delegate.

	@Override
	public Statement createStatement() throws SQLException {
		ensureTransaction();
		return this.delegate.createStatement();
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql);
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareCall(sql);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		ensureTransaction();
		return this.delegate.createStatement(resultSetType, resultSetConcurrency);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		ensureTransaction();
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		ensureTransaction();
		return this.delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql, autoGeneratedKeys);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql, columnIndexes);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		ensureTransaction();
		return this.delegate.prepareStatement(sql, columnNames);
	}

	// Plain delegation.

	@Override
	public String nativeSQL(String sql) throws SQLException {
		return this.delegate.nativeSQL(sql);
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
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
	public void setTransactionIsolation(int level) throws SQLException {
		this.delegate.setTransactionIsolation(level);
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return this.delegate.getTransactionIsolation();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
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
		return this.delegate.isValid(timeout);
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
		return "SqliteSingleWriterConnection[" + this.delegate.getUrl() + "]";
	}

	private record NamedSavepoint(String name) implements Savepoint {

		static NamedSavepoint of(Savepoint savepoint) throws SQLException {
			if (savepoint instanceof NamedSavepoint named) {
				return named;
			}
			return new NamedSavepoint(savepoint.getSavepointName());
		}

		String quoted() {
			return "\"" + this.name.replace("\"", "\"\"") + "\"";
		}

		@Override
		public int getSavepointId() throws SQLException {
			throw new SQLException("This is a named savepoint");
		}

		@Override
		public String getSavepointName() {
			return this.name;
		}

	}

}
