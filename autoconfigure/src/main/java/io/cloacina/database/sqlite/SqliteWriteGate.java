package io.cloacina.database.sqlite;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one in-process writer slot of a SQLite database. Write transactions queue here, without
 * polling, instead of inside SQLite's busy handler, which sleeps and retries and lets
 * sqlite-jdbc report busy errors for transactions that in fact committed.
 * <p>
 * The slot is held by a {@link SqliteTransaction}, not by a thread: a transaction may be begun on
 * one thread and committed on another. It is released exactly once: only the holder's first
 * {@link #release(SqliteTransaction)} gives it back, whichever thread or race calls it.
 * <p>
 * A writer that finds the slot held by a transaction that can only go on once the writer is done
 * (last used on the writer's own thread, or whose thread is blocked on a lock the writer owns)
 * would wait forever. If that transaction has only read, it lends the slot
 * ({@link SqliteTransaction#lend()}): the writer goes ahead, and when it ends the slot goes straight
 * back to the lender, so no other writer runs in between. Otherwise a writer on the holder's own
 * thread fails after {@value #SAME_THREAD_GRACE_MILLIS} ms (the holder may have been handed to
 * another thread), one whose lock the holder's thread waits for fails at once as a deadlock victim,
 * and any other waits up to the busy timeout.
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

	private static final long SAME_THREAD_SLICE_MILLIS = 5;

	/**
	 * How often a waiting writer looks again whether the holder waits for a lock the writer owns: a
	 * deadlock the holder can resolve by lending the slot.
	 */
	private static final long DEADLOCK_CHECK_MILLIS = 20;

	/**
	 * Not fair: a writer that is already running may take the permit before a parked one wakes up.
	 * Measured with 16 threads on 2 cores (benchmarks/run.sh): about 12,500 transactions/s unfair
	 * against 7,700/s fair, both with zero errors; a parked writer still gets the permit at the next
	 * release it wins, well within the busy timeout.
	 */
	private final Semaphore permit = new Semaphore(1);

	private final AtomicReference<SqliteTransaction> holder = new AtomicReference<>();

	private final long timeoutMillis;

	private final Runnable afterWrite;

	SqliteWriteGate(long timeoutMillis) {
		this(timeoutMillis, () -> {
		});
	}

	/**
	 * A gate that tells {@code afterWrite} each time a writer gives the slot back to everyone.
	 * @param timeoutMillis the busy timeout
	 * @param afterWrite called, on the releasing thread, after the slot was given back; must be cheap
	 */
	SqliteWriteGate(long timeoutMillis, Runnable afterWrite) {
		this.timeoutMillis = timeoutMillis;
		this.afterWrite = afterWrite;
	}

	/**
	 * Take the writer slot for a transaction, waiting up to the busy timeout for the holder, or
	 * borrowing it from a holder that has only read and would otherwise never end: one last used on
	 * this thread, or one whose thread is blocked on a lock this thread owns.
	 * @param transaction the transaction that will hold it
	 * @throws SQLException if the slot is not free in time, or the holder can only go on on this
	 * thread and cannot lend, so that this thread would wait for itself
	 */
	void acquire(SqliteTransaction transaction) throws SQLException {
		if (this.permit.tryAcquire()) {
			this.holder.set(transaction);
			return;
		}
		Thread current = Thread.currentThread();
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis);
		long graceEnd = start + TimeUnit.MILLISECONDS.toNanos(SAME_THREAD_GRACE_MILLIS);
		try {
			while (true) {
				SqliteTransaction ahead = this.holder.get();
				if (ahead != null && ahead.mayLend() && ahead.lend()) {
					transaction.borrowFrom(ahead);
					if (this.holder.compareAndSet(ahead, transaction)) {
						return;
					}
					// The lender ended meanwhile and passed the slot on: wait as any writer.
					transaction.borrowFrom(null);
					continue;
				}
				Thread user = (ahead != null) ? ahead.lastThread() : null;
				boolean sameThread = (user == current);
				long now = System.nanoTime();
				if (sameThread && now - graceEnd >= 0) {
					throw waitsForItself();
				}
				if (!sameThread && user != null && ThreadLocks.waitsForLockOf(user, current)) {
					throw deadlock(user);
				}
				if (now - deadline >= 0) {
					throw timedOut();
				}
				long slice = TimeUnit.MILLISECONDS.toNanos(sameThread ? SAME_THREAD_SLICE_MILLIS : DEADLOCK_CHECK_MILLIS);
				if (this.permit.tryAcquire(Math.min(slice, deadline - now), TimeUnit.NANOSECONDS)) {
					this.holder.set(transaction);
					return;
				}
			}
		}
		catch (InterruptedException ex) {
			throw interrupted(ex);
		}
	}

	/**
	 * Get the slot back for a transaction that lent it: it returns when the borrower ends. If the
	 * chain of lenders was broken (the slot was released instead), the slot is taken as any writer
	 * takes it.
	 * @param transaction the lender
	 * @throws SQLException if the borrower is on this thread and has not ended, or after the busy
	 * timeout
	 */
	void reclaim(SqliteTransaction transaction) throws SQLException {
		long start = System.nanoTime();
		long deadline = start + TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis);
		long graceEnd = start + TimeUnit.MILLISECONDS.toNanos(SAME_THREAD_GRACE_MILLIS);
		Thread current = Thread.currentThread();
		while (true) {
			SqliteTransaction ahead = this.holder.get();
			if (ahead == transaction) {
				return;
			}
			if (this.permit.tryAcquire()) {
				this.holder.set(transaction);
				return;
			}
			long now = System.nanoTime();
			if (ahead != null && ahead.lastThread() == current && now - graceEnd >= 0) {
				throw waitsForItself();
			}
			if (now - deadline >= 0) {
				throw timedOut();
			}
			LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
			if (Thread.interrupted()) {
				throw interrupted(new InterruptedException());
			}
		}
	}

	/**
	 * Give the slot back if the given transaction holds it: to the transaction that lent it, if that
	 * one still waits for it, else to everyone.
	 * @param transaction the transaction that may hold the slot
	 * @return whether it held the slot (and so gave it up now)
	 */
	boolean release(SqliteTransaction transaction) {
		SqliteTransaction owed = transaction.lender();
		while (owed != null && owed.state() != SqliteTransaction.State.LENT) {
			owed = owed.lender();
		}
		if (owed != null) {
			if (!this.holder.compareAndSet(transaction, owed)) {
				return false;
			}
			if (owed.state() != SqliteTransaction.State.LENT) {
				// It ended while the slot came back: pass it on.
				release(owed);
			}
			return true;
		}
		if (this.holder.compareAndSet(transaction, null)) {
			this.permit.release();
			this.afterWrite.run();
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

	private SQLException timedOut() {
		return new SQLException("[SQLITE_BUSY] The database file is locked (database is locked): waited "
				+ this.timeoutMillis + " ms for the write transaction ahead to finish", "40001", SQLITE_BUSY);
	}

	private static SQLException interrupted(InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new SQLException("Interrupted while waiting to begin a write transaction", "HY008", ex);
	}

	private static SQLException deadlock(Thread user) {
		// Transient, as PostgreSQL's deadlock_detected: run again, the other transaction then goes on.
		return new SQLException("[SQLITE_BUSY] The database file is locked (database is locked): deadlock. The "
				+ "write transaction ahead has written and its thread (" + user.getName() + ") waits for a lock that "
				+ "this thread holds, so neither could go on; this transaction gives way. Take that lock before the "
				+ "transaction writes, or retry.", "40P01", SQLITE_BUSY);
	}

	private static SQLException waitsForItself() {
		// Non-transient: waiting and trying again cannot help, so retry policies must not retry it.
		return new SQLNonTransientException("[SQLITE_BUSY] The database file is locked (database is locked): "
				+ "this thread already has a write transaction open on another connection that has written (for "
				+ "example REQUIRES_NEW inside a transaction that has written), and SQLite allows one writer at a "
				+ "time, so it would wait for itself. Finish the outer transaction first, write in it only after the "
				+ "inner one, or make the inner one read-only.", "HY000", SQLITE_BUSY);
	}

}
