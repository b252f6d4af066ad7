package io.cloacina.database.dialect;

import java.util.Optional;

/**
 * A named lock that at most one holder holds at a time, across all application instances that share
 * the database: for electing a leader (a scheduler, a sweeper). A holder that dies loses the lock.
 * Get one from {@link DatabaseDialect#leaderLock}.
 *
 * @since 0.1.0
 */
public interface LeaderLock {

	/**
	 * Take the lock if nobody holds it; never waits.
	 * @param name the lock's name
	 * @return the lease when taken, empty when someone else holds the lock
	 */
	Optional<LeaderLease> tryAcquire(String name);

	/**
	 * A held lock. Act as leader only while {@link #isHeld()} is true; close it to release the lock.
	 */
	interface LeaderLease extends AutoCloseable {

		/**
		 * The lock's name.
		 * @return the name
		 */
		String name();

		/**
		 * Whether this lease still holds the lock.
		 * @return {@code false} once the lease expired, was released or its holder's session ended
		 */
		boolean isHeld();

		/**
		 * Extend the lease (SQLite) or check the session still holds it (PostgreSQL). Call it well
		 * within the lease time.
		 * @return whether the lock is still held
		 */
		boolean renew();

		/**
		 * Release the lock.
		 */
		@Override
		void close();

	}

}
