package io.cloacina.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one in-process writer slot of a SQLite database. Write transactions queue here, without
 * polling, instead of inside SQLite's busy handler, which sleeps and retries and lets
 * sqlite-jdbc report busy errors for transactions that in fact committed.
 */
final class SqliteWriteGate {

	/** SQLITE_BUSY: the primary result code for "database is locked". */
	static final int SQLITE_BUSY = 5;

	/**
	 * Not fair: a writer that is already running may take the permit before a parked one wakes up.
	 * Measured with 16 threads on 2 cores (benchmarks/run.sh): about 12,500 transactions/s unfair
	 * against 7,700/s fair, both with zero errors; a parked writer still gets the permit at the next
	 * release it wins, well within the busy timeout.
	 */
	private final Semaphore permit = new Semaphore(1);

	private final long timeoutMillis;

	/** The thread whose write transaction holds the permit, to fail fast instead of waiting for itself. */
	private volatile Thread owner;

	SqliteWriteGate(long timeoutMillis) {
		this.timeoutMillis = timeoutMillis;
	}

	void acquire() throws SQLException {
		if (this.owner == Thread.currentThread()) {
			// Non-transient: waiting and trying again cannot help, so retry policies must not retry it.
			throw new SQLNonTransientException("[SQLITE_BUSY] The database file is locked (database is locked): "
					+ "this thread already has a write transaction open on another connection (for example "
					+ "REQUIRES_NEW inside a transaction), and SQLite allows one writer at a time, so it would wait for "
					+ "itself. Finish the outer transaction first, or make the inner one read-only.", "HY000",
					SQLITE_BUSY);
		}
		try {
			if (!this.permit.tryAcquire(this.timeoutMillis, TimeUnit.MILLISECONDS)) {
				throw new SQLException("[SQLITE_BUSY] The database file is locked (database is locked): "
						+ "waited " + this.timeoutMillis + " ms for the write transaction ahead to finish", "HY000",
						SQLITE_BUSY);
			}
			this.owner = Thread.currentThread();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting to begin a write transaction", "HY008", ex);
		}
	}

	void release() {
		this.owner = null;
		this.permit.release();
	}

}
