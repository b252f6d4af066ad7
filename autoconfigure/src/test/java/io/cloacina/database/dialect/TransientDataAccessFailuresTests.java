package io.cloacina.database.dialect;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification of {@link TransientDataAccessFailures}, over the exceptions the drivers, the
 * pool and Spring throw. {@link TransientDataAccessFailuresIntegrationTests} provokes the main cases
 * on real databases.
 */
class TransientDataAccessFailuresTests {

	@ParameterizedTest
	@ValueSource(strings = { "40001", "40P01", "55P03", "08000", "08003", "08006", "57P01", "57P02", "57P03", "57P05" })
	void postgresStatesOfConflictsAndLostConnectionsAreTransient(String sqlState) {
		SQLException ex = new SQLException("postgres", sqlState);
		assertThat(TransientDataAccessFailures.isTransient(ex)).isTrue();
		assertThat(TransientDataAccessFailures.isTransient(new DataAccessResourceFailureException("wrapped", ex)))
			.isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "23505", "23503", "42601", "42P01", "22P02", "25006", "57014", "53100" })
	void otherPostgresStatesAreNot(String sqlState) {
		assertThat(TransientDataAccessFailures.isTransient(new SQLException("postgres", sqlState))).isFalse();
	}

	@Test
	void springsLockAndTransientResourceExceptionsAreTransient() {
		assertThat(TransientDataAccessFailures.isTransient(new CannotAcquireLockException("busy"))).isTrue();
		assertThat(TransientDataAccessFailures.isTransient(new PessimisticLockingFailureException("deadlock")))
			.isTrue();
		assertThat(TransientDataAccessFailures.isTransient(new TransientDataAccessResourceException("gone"))).isTrue();
		assertThat(TransientDataAccessFailures.isTransient(new RecoverableDataAccessException("gone"))).isTrue();
		assertThat(TransientDataAccessFailures.isTransient(new CannotGetJdbcConnectionException("pool",
				new SQLTransientConnectionException("Connection is not available, request timed out"))))
			.isTrue();
	}

	@Test
	void requestsThatAreWrongAndTimeoutsAreNotTransient() {
		assertThat(TransientDataAccessFailures.isTransient(new DuplicateKeyException("dup"))).isFalse();
		assertThat(TransientDataAccessFailures.isTransient(new DataIntegrityViolationException("not null"))).isFalse();
		assertThat(TransientDataAccessFailures.isTransient(
				new BadSqlGrammarException("task", "SELEC 1", new SQLException("syntax", "42601"))))
			.isFalse();
		assertThat(TransientDataAccessFailures.isTransient(new QueryTimeoutException("slow"))).isFalse();
		assertThat(TransientDataAccessFailures.isTransient(new IllegalStateException("bug"))).isFalse();
		// A non-transient exception decides before a transient-looking cause further down.
		assertThat(TransientDataAccessFailures.isTransient(
				new DataIntegrityViolationException("odd", new SQLException("odd", "40001"))))
			.isFalse();
	}

	@Test
	void sqliteBusyAndLockedAreTransientAlsoWhenTheTransactionCouldNotBegin() {
		SQLiteException busy = new SQLiteException("[SQLITE_BUSY] The database file is locked (database is locked)",
				SQLiteErrorCode.SQLITE_BUSY);
		SQLiteException snapshot = new SQLiteException("[SQLITE_BUSY_SNAPSHOT]", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT);
		SQLiteException locked = new SQLiteException("[SQLITE_LOCKED_SHAREDCACHE]",
				SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE);
		SQLException gate = new SQLException("[SQLITE_BUSY] The database file is locked (database is locked): waited",
				"HY000", 5);
		for (SQLException ex : new SQLException[] { busy, snapshot, locked, gate }) {
			assertThat(TransientDataAccessFailures.isTransient(ex)).as(ex.getMessage()).isTrue();
			assertThat(TransientDataAccessFailures
				.isTransient(new CannotCreateTransactionException("Could not open JDBC Connection", ex))).isTrue();
		}
		SQLiteException constraint = new SQLiteException("[SQLITE_CONSTRAINT_UNIQUE]",
				SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
		assertThat(TransientDataAccessFailures.isTransient(constraint)).isFalse();
	}

	@Test
	void theWriterGatesWouldWaitForItselfErrorIsNotTransient() {
		SQLException self = new SQLNonTransientException(
				"[SQLITE_BUSY] ... this thread already has a write transaction open on another connection", "HY000", 5);
		assertThat(TransientDataAccessFailures.isTransient(new CannotCreateTransactionException("begin", self)))
			.isFalse();
	}

	@Test
	void aFailedRollbackIsJudgedByTheFailureItHid() {
		TransactionSystemException lost = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		lost.initApplicationException(
				new DataAccessResourceFailureException("terminated", new SQLException("terminating", "57P01")));
		assertThat(TransientDataAccessFailures.isTransient(lost)).isTrue();
		TransactionSystemException duplicate = new TransactionSystemException("JDBC rollback failed",
				new SQLException("I/O error", "08006"));
		duplicate.initApplicationException(new DuplicateKeyException("dup"));
		assertThat(TransientDataAccessFailures.isTransient(duplicate)).isFalse();
	}

	@Test
	void aCauseChainWithACycleEnds() {
		SQLException first = new SQLException("first", "XX000");
		SQLException second = new SQLException("second", "XX000");
		first.initCause(second);
		second.initCause(first);
		assertThat(TransientDataAccessFailures.isTransient(first)).isFalse();
	}

	@Test
	void theRetryPolicyRetriesOnlyTransientFailuresAndStops() {
		RetryPolicy policy = TransientDataAccessFailures.retryPolicy();
		assertThat(policy.shouldRetry(new CannotAcquireLockException("busy"))).isTrue();
		assertThat(policy.shouldRetry(new DuplicateKeyException("dup"))).isFalse();
		BackOffExecution backOff = policy.getBackOff().start();
		long total = 0;
		int retries = 0;
		for (long delay = backOff.nextBackOff(); delay != BackOffExecution.STOP; delay = backOff.nextBackOff()) {
			assertThat(delay).isBetween(25L, 1_000L);
			total += delay;
			retries++;
		}
		assertThat(retries).isEqualTo(TransientDataAccessFailures.MAX_RETRIES);
		assertThat(total).isLessThan(2_500);
	}

}
