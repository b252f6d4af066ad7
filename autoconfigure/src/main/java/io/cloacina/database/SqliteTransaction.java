package io.cloacina.database;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import org.sqlite.SQLiteConnection;

/**
 * The transaction state of one pooled SQLite connection: a small state machine in which every JDBC
 * call that touches transactions is one transition, written here and nowhere else.
 * <p>
 * States ({@link State}): {@code AUTOCOMMIT} (auto-commit on), {@code PENDING} (auto-commit off,
 * nothing run since the transaction began, so nothing open in SQLite and no writer slot held),
 * {@code READING} ({@code BEGIN DEFERRED} under {@code PRAGMA query_only}), {@code WRITING}
 * ({@code BEGIN IMMEDIATE}, holding the database's {@link SqliteWriteGate}), {@code FAILED} (SQLite
 * rolled the transaction back by itself after an error), {@code CLOSED}.
 * <p>
 * Rules that the transitions keep:
 * <ul>
 * <li>The writer slot is taken by the first statement a write transaction <em>executes</em>, not by
 * {@code setAutoCommit(false)} and not by creating a statement; a transaction that has run nothing
 * holds nothing.</li>
 * <li>It is given back exactly once, by commit, rollback, close or abort, from whichever thread:
 * {@link SqliteWriteGate#release} only releases for its holder.</li>
 * <li>{@code commit()} that returns wrote; {@code commit()} that throws wrote nothing (a failed
 * {@code COMMIT} is rolled back).</li>
 * <li>Every transition from an owner thread is a compare-and-set, so a concurrent
 * {@link #close()} or {@link #abort(Executor)} always wins and is seen.</li>
 * </ul>
 * The driver connection stays in sqlite-jdbc's auto-commit mode between transactions; while one of
 * ours is open its auto-commit flag is off, so that sqlite-jdbc does not end it after each statement.
 */
final class SqliteTransaction {

	/** The states of a connection's transaction. */
	enum State {

		/** Auto-commit on: every statement is its own SQLite transaction. */
		AUTOCOMMIT,

		/** Auto-commit off, nothing executed yet: no SQLite transaction, no writer slot. */
		PENDING,

		/** A read-only transaction is open ({@code BEGIN DEFERRED}); it never holds the writer slot. */
		READING,

		/** A write transaction is open ({@code BEGIN IMMEDIATE}) and holds the writer slot. */
		WRITING,

		/** SQLite rolled the transaction back after an error; only rollback (or close) goes on. */
		FAILED,

		/** Closed or aborted. */
		CLOSED

	}

	/** Result codes after which SQLite may roll a transaction back by itself. */
	private static final int SQLITE_BUSY = 5;

	private static final int SQLITE_NOMEM = 7;

	private static final int SQLITE_INTERRUPT = 9;

	private static final int SQLITE_IOERR = 10;

	private static final int SQLITE_FULL = 13;

	/** The result code of a {@code ROLLBACK} or {@code BEGIN} refused for the transaction state. */
	private static final int SQLITE_ERROR = 1;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(SqliteTransaction.class, "state", State.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final SQLiteConnection connection;

	private final SqliteWriteGate gate;

	@SuppressWarnings("unused") // accessed through STATE
	private volatile State state = State.AUTOCOMMIT;

	private boolean readOnly;

	/** Savepoints set while {@code PENDING}: created in SQLite when the transaction begins. */
	private List<String> pendingSavepoints;

	/** The thread that last ran a statement of this transaction while it held the writer slot. */
	private volatile Thread lastThread;

	/** Why SQLite rolled the transaction back ({@code FAILED}). */
	private SQLException failure;

	SqliteTransaction(SQLiteConnection connection, SqliteWriteGate gate) {
		this.connection = connection;
		this.gate = gate;
	}

	State state() {
		return this.state;
	}

	Thread lastThread() {
		return this.lastThread;
	}

	boolean isReadOnly() {
		return this.readOnly;
	}

	boolean getAutoCommit() throws SQLException {
		return checkOpen() == State.AUTOCOMMIT;
	}

	/**
	 * Before a statement runs: begin the transaction that {@code PENDING} deferred, taking the writer
	 * slot for a write transaction.
	 * @throws SQLException if the transaction cannot begin, failed or the connection is closed
	 */
	void beforeExecute() throws SQLException {
		State current = this.state;
		if (current == State.AUTOCOMMIT || current == State.READING) {
			return;
		}
		if (current == State.WRITING) {
			Thread thread = Thread.currentThread();
			if (this.lastThread != thread) {
				this.lastThread = thread;
			}
			return;
		}
		if (current == State.PENDING) {
			begin();
			return;
		}
		throw (current == State.FAILED) ? failed() : closed();
	}

	/**
	 * After a statement failed: an error after which SQLite may have rolled the transaction back by
	 * itself ({@code SQLITE_FULL}, {@code IOERR}, {@code BUSY}, {@code NOMEM}, {@code INTERRUPT}) is
	 * checked, so that later statements cannot run outside the transaction the caller believes open.
	 * @param ex the statement's failure
	 * @return the same failure, to be thrown
	 */
	SQLException afterFailure(SQLException ex) {
		State current = this.state;
		if ((current == State.WRITING || current == State.READING) && mayEndTransaction(ex)
				&& !sqliteTransactionOpen() && STATE.compareAndSet(this, current, State.FAILED)) {
			this.failure = ex;
			driverAutoCommit(true);
			this.gate.release(this);
		}
		return ex;
	}

	void setAutoCommit(boolean autoCommit) throws SQLException {
		State current = checkOpen();
		if (!autoCommit) {
			if (current == State.AUTOCOMMIT) {
				move(State.AUTOCOMMIT, State.PENDING);
			}
			return;
		}
		switch (current) {
			case AUTOCOMMIT -> {
			}
			case PENDING -> {
				this.pendingSavepoints = null;
				move(State.PENDING, State.AUTOCOMMIT);
			}
			case READING, WRITING -> {
				// JDBC: switching auto-commit on commits. Whatever COMMIT does, auto-commit ends up on,
				// so a connection never goes back to a pool that believes it is in auto-commit mode with
				// a transaction open.
				try {
					end("COMMIT", current);
				}
				finally {
					move(State.PENDING, State.AUTOCOMMIT);
				}
			}
			case FAILED -> {
				move(State.FAILED, State.AUTOCOMMIT);
				throw failed();
			}
			default -> throw closed();
		}
	}

	void commit() throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Cannot commit: auto-commit is on, there is no transaction", "25000");
			case PENDING -> this.pendingSavepoints = null;
			case READING, WRITING -> end("COMMIT", current);
			case FAILED -> {
				move(State.FAILED, State.PENDING);
				throw failed();
			}
			default -> throw closed();
		}
	}

	void rollback() throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Cannot roll back: auto-commit is on, there is no transaction",
					"25000");
			case PENDING -> this.pendingSavepoints = null;
			case READING, WRITING -> end("ROLLBACK", current);
			case FAILED -> move(State.FAILED, State.PENDING);
			default -> throw closed();
		}
	}

	void setReadOnly(boolean readOnly) throws SQLException {
		State current = checkOpen();
		if (readOnly == this.readOnly) {
			return;
		}
		if (current == State.READING || current == State.WRITING) {
			throw new SQLException("Cannot change the read-only flag inside a transaction: commit or roll back first",
					"25001");
		}
		exec(readOnly ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
		this.readOnly = readOnly;
	}

	void setSavepoint(String quotedName) throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Savepoints need a transaction: auto-commit is on", "25000");
			case PENDING -> {
				if (this.pendingSavepoints == null) {
					this.pendingSavepoints = new ArrayList<>(2);
				}
				this.pendingSavepoints.add(quotedName);
			}
			case FAILED -> throw failed();
			default -> {
				beforeExecute();
				exec("SAVEPOINT " + quotedName);
			}
		}
	}

	void rollbackToSavepoint(String quotedName) throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Savepoints need a transaction: auto-commit is on", "25000");
			// ROLLBACK TO keeps the savepoint and drops the ones set after it.
			case PENDING -> trimPendingSavepoints(quotedName, 1);
			case FAILED -> throw failed();
			default -> {
				beforeExecute();
				exec("ROLLBACK TO SAVEPOINT " + quotedName);
			}
		}
	}

	void releaseSavepoint(String quotedName) throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Savepoints need a transaction: auto-commit is on", "25000");
			// RELEASE drops the savepoint and the ones set after it.
			case PENDING -> trimPendingSavepoints(quotedName, 0);
			case FAILED -> throw failed();
			default -> {
				beforeExecute();
				exec("RELEASE SAVEPOINT " + quotedName);
			}
		}
	}

	/**
	 * Close the driver connection (SQLite rolls back what is open) and give the writer slot back.
	 * Closing twice, or after an abort, does nothing.
	 * @throws SQLException if the driver fails to close
	 */
	void close() throws SQLException {
		State previous = (State) STATE.getAndSet(this, State.CLOSED);
		if (previous == State.CLOSED) {
			return;
		}
		try {
			if (previous == State.READING || previous == State.WRITING) {
				quietly("ROLLBACK");
			}
			this.connection.close();
		}
		finally {
			this.gate.release(this);
		}
	}

	/**
	 * JDBC's abort: the connection is closed at once for every caller, and the executor closes the
	 * driver connection (waiting for a statement that runs) and then gives the writer slot back.
	 * @param executor runs the closing
	 * @throws SQLException if no executor is given
	 */
	void abort(Executor executor) throws SQLException {
		if (executor == null) {
			throw new SQLException("abort needs an executor", "HY009");
		}
		State previous = (State) STATE.getAndSet(this, State.CLOSED);
		if (previous == State.CLOSED) {
			return;
		}
		executor.execute(() -> {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// Aborted: nobody is left to tell.
			}
			finally {
				this.gate.release(this);
			}
		});
	}

	private void begin() throws SQLException {
		if (this.readOnly) {
			exec("BEGIN DEFERRED");
			opened(State.READING);
			return;
		}
		// Set before the slot is taken: writers that find this transaction ahead read it.
		this.lastThread = Thread.currentThread();
		this.gate.acquire(this);
		try {
			exec("BEGIN IMMEDIATE");
		}
		catch (SQLException ex) {
			this.gate.release(this);
			throw ex;
		}
		opened(State.WRITING);
	}

	private void opened(State next) throws SQLException {
		driverAutoCommit(false);
		try {
			if (this.pendingSavepoints != null) {
				for (String savepoint : this.pendingSavepoints) {
					exec("SAVEPOINT " + savepoint);
				}
				this.pendingSavepoints = null;
			}
		}
		catch (SQLException ex) {
			quietly("ROLLBACK");
			driverAutoCommit(true);
			this.gate.release(this);
			throw ex;
		}
		if (!STATE.compareAndSet(this, State.PENDING, next)) {
			// Closed or aborted by another thread meanwhile; its clean-up may have run already.
			this.gate.release(this);
			throw closed();
		}
	}

	/**
	 * End the open transaction with {@code COMMIT} or {@code ROLLBACK}. A failed {@code COMMIT} is
	 * rolled back, so that the failure means nothing was written. Either way the transaction is over
	 * and the writer slot is free when this returns or throws.
	 */
	private void end(String sql, State current) throws SQLException {
		try {
			exec(sql);
		}
		catch (SQLException ex) {
			boolean rollback = "ROLLBACK".equals(sql);
			// SQLite rolls back by itself after some errors: "no transaction is active" is then no news.
			if (!rollback || (ex.getErrorCode() & 0xff) != SQLITE_ERROR) {
				if (!rollback) {
					try {
						exec("ROLLBACK");
					}
					catch (SQLException rollbackFailure) {
						if ((rollbackFailure.getErrorCode() & 0xff) != SQLITE_ERROR) {
							ex.addSuppressed(rollbackFailure);
						}
					}
				}
				finish(current);
				throw ex;
			}
		}
		finish(current);
	}

	private void finish(State current) {
		driverAutoCommit(true);
		this.pendingSavepoints = null;
		// A failed compare-and-set means close() or abort() won; they clean up the driver connection.
		STATE.compareAndSet(this, current, State.PENDING);
		this.gate.release(this);
	}

	private void move(State from, State to) throws SQLException {
		if (!STATE.compareAndSet(this, from, to)) {
			throw closed();
		}
	}

	/**
	 * The current state, unless the connection is closed.
	 * @return the state
	 * @throws SQLException if the connection is closed or aborted
	 */
	State checkOpen() throws SQLException {
		State current = this.state;
		if (current == State.CLOSED) {
			throw closed();
		}
		return current;
	}

	private void trimPendingSavepoints(String quotedName, int keep) throws SQLException {
		int index = (this.pendingSavepoints != null) ? this.pendingSavepoints.lastIndexOf(quotedName) : -1;
		if (index < 0) {
			throw new SQLException("no such savepoint: " + quotedName, "3B001");
		}
		this.pendingSavepoints.subList(index + keep, this.pendingSavepoints.size()).clear();
	}

	/** Whether SQLite still has a transaction open: {@code BEGIN} is refused inside one. */
	private boolean sqliteTransactionOpen() {
		try {
			exec("BEGIN DEFERRED");
		}
		catch (SQLException insideTransaction) {
			return true;
		}
		quietly("ROLLBACK");
		return false;
	}

	private static boolean mayEndTransaction(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getErrorCode() != 0) {
				int code = sql.getErrorCode() & 0xff;
				return code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_BUSY || code == SQLITE_NOMEM
						|| code == SQLITE_INTERRUPT;
			}
		}
		return false;
	}

	private void exec(String sql) throws SQLException {
		this.connection.getDatabase().exec(sql, false);
	}

	private void quietly(String sql) {
		try {
			exec(sql);
		}
		catch (SQLException ex) {
			// Nothing open to end, or the connection is going away.
		}
	}

	private void driverAutoCommit(boolean autoCommit) {
		this.connection.getConnectionConfig().setAutoCommit(autoCommit);
	}

	private SQLException failed() {
		SQLException failed = new SQLException("The transaction was rolled back by SQLite after an error ("
				+ ((this.failure != null) ? this.failure.getMessage() : "unknown") + "): nothing of it was written. "
				+ "Roll back to go on.", "25P02", (this.failure != null) ? this.failure.getErrorCode() : 0);
		if (this.failure != null) {
			failed.initCause(this.failure);
		}
		return failed;
	}

	private static SQLException closed() {
		return new SQLException("database connection closed", "08003");
	}

	@Override
	public String toString() {
		return "SqliteTransaction[" + this.state + (this.readOnly ? ", read-only" : "") + "]";
	}

}
