package io.cloacina.database.dialect;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which data access failures are worth trying again, on SQLite and PostgreSQL alike, and a
 * {@link RetryPolicy} for Spring's {@link RetryTemplate} that retries those and nothing else.
 * <p>
 * Transient, when found anywhere in the cause chain before a non-transient one:
 * <ul>
 * <li>lock conflicts: {@link PessimisticLockingFailureException} and its subclasses such as
 * {@code CannotAcquireLockException} (SQLite {@code SQLITE_BUSY} / {@code SQLITE_LOCKED}, PostgreSQL
 * {@code 55P03} lock not available), or the raw {@link SQLException}: SQLite busy or locked, SQL state
 * {@code 40001} (serialization failure), {@code 40P01} (deadlock), {@code 55P03};</li>
 * <li>lost or refused connections: SQL state class {@code 08}, {@code 57P01}/{@code 57P02} (server
 * process terminated, crash shutdown), {@code 57P03} (cannot connect now), {@code 57P05} (idle session
 * timeout), {@link TransientDataAccessResourceException}, {@link RecoverableDataAccessException},
 * {@link SQLTransientConnectionException}, {@link SQLRecoverableException},
 * {@link SQLTransactionRollbackException}.</li>
 * </ul>
 * A {@link TransactionSystemException} that reports a rollback which failed after the work failed
 * (as it does when the connection was lost: the pool has already closed it) is judged by the
 * application exception it carries, the original failure.
 * <p>
 * Never transient: a {@link java.sql.SQLNonTransientException} (the starter's SQLite connections throw
 * one, with {@code SQLITE_BUSY}, when a thread would wait for its own write transaction),
 * {@link DataIntegrityViolationException} (so {@code DuplicateKeyException}),
 * {@link InvalidDataAccessResourceUsageException} (so {@code BadSqlGrammarException}),
 * {@link InvalidDataAccessApiUsageException}, {@link PermissionDeniedDataAccessException}, and
 * anything not listed above. {@link QueryTimeoutException} is not retried either, although Spring files
 * it under transient: a statement that ran out of time or was cancelled on purpose would most likely do
 * the same again, adding load to a database that is already slow.
 * <p>
 * <strong>What to retry.</strong> Retry a whole transaction, from its beginning, never a statement
 * inside one: after a lock conflict or a serialization failure the database has rolled the transaction
 * back. After a lost connection the outcome of a commit that was under way is <em>unknown</em>: it
 * may have been written. Retrying then runs the work a second time, so the retried unit must be safe
 * to run again (idempotent, e.g. an upsert or a check for the row it would write), or a lost
 * connection must be left to the caller.
 *
 * @since 0.1.0
 */
public final class TransientDataAccessFailures {

	/** Retries after the first attempt. */
	public static final int MAX_RETRIES = 5;

	private TransientDataAccessFailures() {
	}

	/**
	 * Whether trying the same unit of work again may succeed. Looks through the cause chain: the first
	 * exception that is known to be transient or known not to be decides.
	 * @param failure the failure, for example a {@code DataAccessException}
	 * @return whether the failure is transient
	 */
	public static boolean isTransient(Throwable failure) {
		Boolean verdict = verdict(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
		return Boolean.TRUE.equals(verdict);
	}

	/**
	 * A retry policy for transient failures: at most {@value #MAX_RETRIES} retries, the first after
	 * 50 ms (± 25 ms jitter), each delay twice the one before, at most 1 s; about 1.6 s of waiting in
	 * all. Anything {@link #isTransient(Throwable) not transient} is thrown at once.
	 * @return the policy
	 */
	public static RetryPolicy retryPolicy() {
		return RetryPolicy.builder()
			.maxRetries(MAX_RETRIES)
			.delay(Duration.ofMillis(50))
			.jitter(Duration.ofMillis(25))
			.multiplier(2.0)
			.maxDelay(Duration.ofSeconds(1))
			.predicate(TransientDataAccessFailures::isTransient)
			.build();
	}

	private static Boolean verdict(Throwable failure, Set<Throwable> seen) {
		for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
			// A rollback that failed after the work failed (the connection was lost, say) hides the
			// original failure, which decides.
			if (current instanceof TransactionSystemException rollbackFailure
					&& rollbackFailure.getApplicationException() != null) {
				Boolean original = verdict(rollbackFailure.getApplicationException(), seen);
				if (original != null) {
					return original;
				}
			}
			Boolean verdict = classify(current);
			if (verdict != null) {
				return verdict;
			}
		}
		return null;
	}

	private static Boolean classify(Throwable ex) {
		// The request itself is wrong: it would fail the same way again.
		if (ex instanceof DataIntegrityViolationException || ex instanceof InvalidDataAccessResourceUsageException
				|| ex instanceof InvalidDataAccessApiUsageException
				|| ex instanceof PermissionDeniedDataAccessException) {
			return false;
		}
		if (ex instanceof PessimisticLockingFailureException || ex instanceof TransientDataAccessResourceException
				|| ex instanceof RecoverableDataAccessException) {
			return true;
		}
		if (ex instanceof SQLException sqlException && isTransient(sqlException)) {
			return true;
		}
		return null;
	}

	/**
	 * SQLite's "database is locked" or "database table is locked", extended codes included, as sqlite-jdbc
	 * reports it without the starter's SQLStates: a message {@code [SQLITE_BUSY...]} or
	 * {@code [SQLITE_LOCKED...]} and the primary result code (5 or 6) as the vendor code.
	 */
	private static boolean isSqliteBusyOrLocked(SQLException ex) {
		int primary = ex.getErrorCode() & 0xff;
		String message = ex.getMessage();
		return (primary == 5 || primary == 6) && message != null && message.startsWith("[SQLITE_");
	}

	private static boolean isTransient(SQLException ex) {
		if (ex instanceof SQLTransactionRollbackException || ex instanceof SQLTransientConnectionException
				|| ex instanceof SQLRecoverableException) {
			return true;
		}
		if (ex instanceof SQLNonTransientException) {
			// Such as SQLite's writer waiting for itself: trying again cannot help.
			return false;
		}
		if (isSqliteBusyOrLocked(ex)) {
			return true;
		}
		String sqlState = ex.getSQLState();
		if (sqlState == null) {
			return false;
		}
		return switch (sqlState) {
			// Serialization failure, deadlock, lock not available.
			case "40001", "40P01", "55P03" -> true;
			// Server process terminated, crash shutdown, cannot connect now, idle session timeout.
			case "57P01", "57P02", "57P03", "57P05" -> true;
			// Connection exception.
			default -> sqlState.startsWith("08");
		};
	}

}
