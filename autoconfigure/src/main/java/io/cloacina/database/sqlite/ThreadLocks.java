package io.cloacina.database.sqlite;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Which thread a thread is blocked by: the owner of the monitor or {@code java.util.concurrent}
 * lock it waits for, as the JVM reports it. Used only on the slow path of a waiting writer, to tell
 * a deadlock from a wait.
 */
final class ThreadLocks {

	private static final ThreadMXBean THREADS = threads();

	private ThreadLocks() {
	}

	/**
	 * Whether a thread is blocked or parked on a lock that another thread owns.
	 * @param thread the thread that may be blocked
	 * @param owner the thread that may own the lock
	 * @return whether {@code thread} waits for a lock of {@code owner}
	 */
	@SuppressWarnings("deprecation") // Thread.getId(): threadId() needs Java 19
	static boolean waitsForLockOf(Thread thread, Thread owner) {
		if (THREADS == null) {
			return false;
		}
		Thread.State state = thread.getState();
		if (state != Thread.State.BLOCKED && state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
			return false;
		}
		try {
			ThreadInfo info = THREADS.getThreadInfo(thread.getId());
			return info != null && info.getLockOwnerId() == owner.getId();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static ThreadMXBean threads() {
		try {
			return ManagementFactory.getThreadMXBean();
		}
		catch (Throwable ex) {
			// No java.management (a trimmed runtime): no deadlock detection, writers wait and time out.
			return null;
		}
	}

}
