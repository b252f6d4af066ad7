package io.cloacina.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one in-process writer slot of a SQLite database. Write transactions queue here, without
 * polling, instead of inside SQLite's busy handler, which sleeps and retries and lets
 * sqlite-jdbc report busy errors for transactions that in fact committed.
 * <p>
 * The slot is held by a {@link SqliteTransaction}, not by a thread: a transaction may be begun on
 * one thread and committed on another. It is released exactly once: only the holder's first
 * {@link #release(SqliteTransaction)} gives it back, whichever thread or race calls it.
 */
final class SqliteWriteGate {

	/** SQLITE_BUSY: the primary result code for "database is locked". */
	static final int SQLITE_BUSY = 5;

	/**
	 * How long a writer whose thread was the last to use the holding transaction waits for that
	 * transaction to be released or used by another thread before it reports the wait as a wait for
	 * itself. Thread-confined code (Spring, Hibernate) never releases in that case; code that hands a
	 * connection to another thread normally uses it there well within this time.
	 */
	static final long SAME_THREAD_GRACE_MILLIS = 100;

	private static final long SLICE_MILLIS = 5;

	/**
	 * Not fair: a writer that is already running may take the permit before a parked one wakes up.
	 * Measured with 16 threads on 2 cores (benchmarks/run.sh): about 12,500 transactions/s unfair
	 * against 7,700/s fair, both with zero errors; a parked writer still gets the permit at the next
	 * release it wins, well within the busy timeout.
	 */
	private final Semaphore permit = new Semaphore(1);

	private final AtomicReference<SqliteTransaction> holder = new AtomicReference<>();

	private final long timeoutMillis;

	SqliteWriteGate(long timeoutMillis) {
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * Take the writer slot for a transaction, waiting up to the busy timeout for the holder.
	 * @param transaction the transaction that will hold it
	 * @throws SQLException if the slot is not free in time, or the holder can only go on on this
	 * thread, which would then wait for itself
	 */
	void acquire(SqliteTransaction transaction) throws SQLException {
		if (!this.permit.tryAcquire()) {
			awaitPermit();
		}
		this.holder.set(transaction);
	}

	private void awaitPermit() throws SQLException {
		long start = System.nanoTime();
		try {
			Thread current = Thread.currentThread();
			SqliteTransaction ahead = this.holder.get();
			if (ahead != null && ahead.lastThread() == current) {
				long graceEnd = start + TimeUnit.MILLISECONDS.toNanos(SAME_THREAD_GRACE_MILLIS);
				while (true) {
					if (this.permit.tryAcquire(SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
						return;
					}
					ahead = this.holder.get();
					if (ahead == null || ahead.lastThread() != current) {
						break;
					}
					if (System.nanoTime() - graceEnd >= 0) {
						throw waitsForItself();
					}
				}
			}
			long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			if (!this.permit.tryAcquire(Math.max(0, this.timeoutMillis - waited), TimeUnit.MILLISECONDS)) {
				throw new SQLException("[SQLITE_BUSY] The database file is locked (database is locked): "
						+ "waited " + this.timeoutMillis + " ms for the write transaction ahead to finish", "HY000",
						SQLITE_BUSY);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLException("Interrupted while waiting to begin a write transaction", "HY008", ex);
		}
	}

	private static SQLException waitsForItself() {
		// Non-transient: waiting and trying again cannot help, so retry policies must not retry it.
		return new SQLNonTransientException("[SQLITE_BUSY] The database file is locked (database is locked): "
				+ "this thread already has a write transaction open on another connection that has run statements "
				+ "(for example REQUIRES_NEW inside a transaction that has written), and SQLite allows one writer at "
				+ "a time, so it would wait for itself. Finish the outer transaction first, or make the inner one "
				+ "read-only.", "HY000", SQLITE_BUSY);
	}

	/**
	 * Give the slot back if the given transaction holds it.
	 * @param transaction the transaction that may hold the slot
	 * @return whether it held the slot (and so released it now)
	 */
	boolean release(SqliteTransaction transaction) {
		if (this.holder.compareAndSet(transaction, null)) {
			this.permit.release();
			return true;
		}
		return false;
	}

	/**
	 * The transaction that holds the slot, for tests and diagnostics.
	 * @return the holder, or {@code null}
	 */
	SqliteTransaction holder() {
		return this.holder.get();
	}

	/**
	 * Free permits: 1 when nobody holds the slot, 0 while a transaction does; never more.
	 * @return the number of free permits
	 */
	int availablePermits() {
		return this.permit.availablePermits();
	}

}
