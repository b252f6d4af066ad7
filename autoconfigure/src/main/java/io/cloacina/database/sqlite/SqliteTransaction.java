package io.cloacina.database.sqlite;

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
 * ({@code BEGIN IMMEDIATE}, holding the database's {@link SqliteWriteGate}), {@code LENT} (a write
 * transaction that had only read lent its slot to a writer on its own thread and resumes when it
 * gets it back), {@code FAILED} (SQLite rolled the transaction back by itself after an error),
 * {@code CLOSED}.
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
 * <li>No other writer commits between a write transaction's first statement and its end, except a
 * writer begun on its own thread while it had only read, whose commit it then sees.</li>
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

		/**
		 * A write transaction that had only read lent its writer slot to a writer on its own thread;
		 * its SQLite transaction was rolled back (nothing was lost) and begins again, with the slot
		 * given back, at its next statement.
		 */
		LENT,

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

	/**
	 * Savepoints to create in SQLite when the transaction begins: those set while {@code PENDING},
	 * and those of a write transaction that has only read, in case it lends its slot and begins again.
	 */
	private List<String> savepoints;

	/** The thread that last ran a statement of this transaction while it held the writer slot. */
	private volatile Thread lastThread;

	/** Why SQLite rolled the transaction back ({@code FAILED}). */
	private SQLException failure;

	/**
	 * The open write transaction has run only queries ({@code SELECT}, {@code VALUES}), so rolling it
	 * back to lend the writer slot loses nothing; its savepoints are created again when it resumes.
	 */
	private volatile boolean onlyRead;

	/** The transaction that lent this one the writer slot, and gets it back when this one ends. */
	private volatile SqliteTransaction lender;

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

	SqliteTransaction lender() {
		return this.lender;
	}

	void borrowFrom(SqliteTransaction lender) {
		this.lender = lender;
	}

	boolean isReadOnly() {
		return this.readOnly;
	}

	boolean getAutoCommit() throws SQLException {
		return checkOpen() == State.AUTOCOMMIT;
	}

	/**
	 * Before a statement runs: begin the transaction that {@code PENDING} deferred, taking the writer
	 * slot for a write transaction, or resume a {@code LENT} one.
	 * @param query whether the statement only reads ({@code SELECT} or {@code VALUES}, see
	 * {@link #isQuery(String)}); anything else may write
	 * @throws SQLException if the transaction cannot begin, failed or the connection is closed
	 */
	void beforeExecute(boolean query) throws SQLException {
		State current = this.state;
		if (current == State.AUTOCOMMIT || current == State.READING) {
			return;
		}
		if (current == State.WRITING) {
			Thread thread = Thread.currentThread();
			if (this.lastThread != thread) {
				current = handOff(thread);
			}
			if (current == State.WRITING) {
				if (!query && this.onlyRead) {
					this.onlyRead = false;
				}
				return;
			}
		}
		if (current == State.PENDING) {
			begin(query);
			return;
		}
		if (current == State.LENT) {
			resume(query);
			return;
		}
		throw (current == State.FAILED) ? failed() : closed();
	}

	/**
	 * Another thread uses this transaction: from now on it is the one a same-thread writer must not
	 * wait for. Under the lock that {@link #lend()} takes, so that a transaction is never lent while
	 * another thread starts to use it.
	 */
	private synchronized State handOff(Thread thread) {
		this.lastThread = thread;
		return this.state;
	}

	/**
	 * Lend the writer slot to a writer that would otherwise wait for this transaction forever: one on
	 * the thread that last used it, or one that owns a lock that thread is blocked on (Hibernate's id
	 * optimizer, for example). Possible while this transaction has only read: its SQLite transaction
	 * is rolled back, which loses nothing and frees SQLite's write lock; it begins again, with the slot
	 * given back, at its next statement. The thread that uses it cannot run meanwhile: it is the
	 * borrower's own, or blocked on the borrower's lock (checked again after the state changed, in
	 * case a timed wait ended).
	 * @return whether the slot is lent
	 */
	boolean lend() {
		Thread borrower = Thread.currentThread();
		synchronized (this) {
			Thread user = this.lastThread;
			State current = this.state;
			if (current == State.LENT) {
				// Lent before and given back, not yet resumed: nothing is open in SQLite.
				return user == borrower;
			}
			if (current != State.WRITING || !this.onlyRead || user == null) {
				return false;
			}
			boolean sameThread = (user == borrower);
			if (!sameThread && !ThreadLocks.waitsForLockOf(user, borrower)) {
				return false;
			}
			if (!STATE.compareAndSet(this, State.WRITING, State.LENT)) {
				return false;
			}
			if (!sameThread && !ThreadLocks.waitsForLockOf(user, borrower)) {
				STATE.compareAndSet(this, State.LENT, State.WRITING);
				return false;
			}
		}
		quietly("ROLLBACK");
		driverAutoCommit(true);
		return true;
	}

	/** Whether lending could be possible now; a cheap hint, {@link #lend()} decides. */
	boolean mayLend() {
		State current = this.state;
		return current == State.LENT || (current == State.WRITING && this.onlyRead);
	}

	/**
	 * Whether a statement only reads: its first keyword, after comments and parentheses, is
	 * {@code SELECT} or {@code VALUES}. Anything else, {@code WITH} included, counts as a write.
	 * @param sql the statement
	 * @return whether it is a query
	 */
	static boolean isQuery(String sql) {
		int length = sql.length();
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(') {
				i++;
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int end = sql.indexOf('\n', i);
				if (end < 0) {
					return false;
				}
				i = end + 1;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int end = sql.indexOf("*/", i + 2);
				if (end < 0) {
					return false;
				}
				i = end + 2;
			}
			else {
				break;
			}
		}
		return keywordAt(sql, i, "SELECT") || keywordAt(sql, i, "VALUES");
	}

	private static boolean keywordAt(String sql, int index, String keyword) {
		int end = index + keyword.length();
		return sql.regionMatches(true, index, keyword, 0, keyword.length())
				&& (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
	}

	/**
	 * After a statement failed: an error after which SQLite may have rolled the transaction back by
	 * itself ({@code SQLITE_FULL}, {@code IOERR}, {@code BUSY}, {@code NOMEM}, {@code INTERRUPT}) is
	 * checked, so that later statements cannot run outside the transaction the caller believes open.
	 * @param ex the statement's failure
	 * @return the same failure with its SQLState ({@link SqliteSqlStates}), to be thrown
	 */
	SQLException afterFailure(SQLException ex) {
		State current = this.state;
		if ((current == State.WRITING || current == State.READING) && mayEndTransaction(ex)
				&& !sqliteTransactionOpen() && STATE.compareAndSet(this, current, State.FAILED)) {
			this.failure = ex;
			driverAutoCommit(true);
			this.gate.release(this);
		}
		return SqliteErrors.withState(ex);
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
				this.savepoints = null;
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
			case LENT -> {
				endLent();
				move(State.PENDING, State.AUTOCOMMIT);
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
			case PENDING -> this.savepoints = null;
			case READING, WRITING -> end("COMMIT", current);
			case LENT -> endLent();
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
			case PENDING -> this.savepoints = null;
			case READING, WRITING -> end("ROLLBACK", current);
			case LENT -> endLent();
			case FAILED -> move(State.FAILED, State.PENDING);
			default -> throw closed();
		}
	}

	void setReadOnly(boolean readOnly) throws SQLException {
		State current = checkOpen();
		if (readOnly == this.readOnly) {
			return;
		}
		if (current == State.READING || current == State.WRITING || current == State.LENT) {
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
			case PENDING -> remember(quotedName);
			case FAILED -> throw failed();
			default -> {
				beforeExecute(true);
				exec("SAVEPOINT " + quotedName);
				if (this.onlyRead) {
					remember(quotedName);
				}
			}
		}
	}

	void rollbackToSavepoint(String quotedName) throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Savepoints need a transaction: auto-commit is on", "25000");
			// ROLLBACK TO keeps the savepoint and drops the ones set after it.
			case PENDING -> trimSavepoints(quotedName, 1);
			case FAILED -> throw failed();
			default -> {
				beforeExecute(true);
				exec("ROLLBACK TO SAVEPOINT " + quotedName);
				if (this.onlyRead) {
					trimSavepoints(quotedName, 1);
				}
			}
		}
	}

	void releaseSavepoint(String quotedName) throws SQLException {
		State current = checkOpen();
		switch (current) {
			case AUTOCOMMIT -> throw new SQLException("Savepoints need a transaction: auto-commit is on", "25000");
			// RELEASE drops the savepoint and the ones set after it.
			case PENDING -> trimSavepoints(quotedName, 0);
			case FAILED -> throw failed();
			default -> {
				beforeExecute(true);
				exec("RELEASE SAVEPOINT " + quotedName);
				if (this.onlyRead) {
					trimSavepoints(quotedName, 0);
				}
			}
		}
	}

	/**
	 * Close the driver connection (SQLite rolls back what is open) and give the writer slot back.
	 * Closing twice, or after an abort, does nothing. No {@code ROLLBACK} runs first: when another
	 * thread closes the connection, the owner may be about to run a statement it checked before the
	 * close, and after a {@code ROLLBACK} that statement would run, and be written, in SQLite's
	 * auto-commit mode; on a closed connection it fails instead.
	 * @throws SQLException if the driver fails to close
	 */
	void close() throws SQLException {
		State previous = (State) STATE.getAndSet(this, State.CLOSED);
		if (previous == State.CLOSED) {
			return;
		}
		try {
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

	private void begin(boolean query) throws SQLException {
		if (this.readOnly) {
			exec("BEGIN DEFERRED");
			this.onlyRead = false;
			opened(State.PENDING, State.READING);
			return;
		}
		// Set before the slot is taken: writers that find this transaction ahead read it.
		this.lastThread = Thread.currentThread();
		this.lender = null;
		this.gate.acquire(this);
		try {
			exec("BEGIN IMMEDIATE");
		}
		catch (SQLException ex) {
			this.gate.release(this);
			throw ex;
		}
		this.onlyRead = query;
		opened(State.PENDING, State.WRITING);
	}

	/** A lent transaction's next statement: take the slot back, then begin again in SQLite. */
	private void resume(boolean query) throws SQLException {
		if (handOff(Thread.currentThread()) != State.LENT) {
			// Closed meanwhile.
			throw closed();
		}
		this.gate.reclaim(this);
		try {
			exec("BEGIN IMMEDIATE");
		}
		catch (SQLException ex) {
			// The transaction cannot go on; it had only read, so it ends here.
			endLent();
			throw ex;
		}
		this.onlyRead = query;
		opened(State.LENT, State.WRITING);
	}

	/** Commit or roll back a lent transaction: nothing is open in SQLite; give the slot up if it came back. */
	private void endLent() throws SQLException {
		this.savepoints = null;
		move(State.LENT, State.PENDING);
		this.gate.release(this);
	}

	private void opened(State from, State next) throws SQLException {
		driverAutoCommit(false);
		try {
			if (this.savepoints != null) {
				for (String savepoint : this.savepoints) {
					exec("SAVEPOINT " + savepoint);
				}
				if (!this.onlyRead) {
					this.savepoints = null;
				}
			}
		}
		catch (SQLException ex) {
			quietly("ROLLBACK");
			driverAutoCommit(true);
			this.gate.release(this);
			throw ex;
		}
		if (!STATE.compareAndSet(this, from, next)) {
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
		this.savepoints = null;
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

	private void remember(String quotedName) {
		if (this.savepoints == null) {
			this.savepoints = new ArrayList<>(2);
		}
		this.savepoints.add(quotedName);
	}

	private void trimSavepoints(String quotedName, int keep) throws SQLException {
		int index = (this.savepoints != null) ? this.savepoints.lastIndexOf(quotedName) : -1;
		if (index < 0) {
			throw new SQLException("no such savepoint: " + quotedName, "3B001");
		}
		this.savepoints.subList(index + keep, this.savepoints.size()).clear();
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
		try {
			this.connection.getDatabase().exec(sql, false);
		}
		catch (SQLException ex) {
			throw SqliteErrors.withState(ex);
		}
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
