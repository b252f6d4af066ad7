package io.cloacina.database.dialect;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.cloacina.database.test.TestDatabase;
import io.cloacina.database.test.TestPostgres;
import io.cloacina.database.test.StarterContextRunner;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's {@code cloacinaRetryTemplate} retries real transient failures until they succeed,
 * and never retries a failure that would fail again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransientDataAccessFailuresIntegrationTests {

	private final ApplicationContextRunner runner = StarterContextRunner.create();

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "SQLITE_FILE")
	void aBusySqliteDatabaseIsRetriedUntilTheOtherWriterFinishes(TestDatabase database) throws Exception {
		String url = database.createUrl(this.directory);
		this.runner.withPropertyValues("cloacina.database.url=" + url, "cloacina.database.properties.busy_timeout=200")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
				RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
				jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
				ExecutorService releaser = Executors.newSingleThreadExecutor();
				// Another process's writer, as SQLite sees it: a connection outside the starter's pool.
				String file = url.substring("sqlite://".length());
				try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
					try (Statement statement = other.createStatement()) {
						statement.execute("BEGIN IMMEDIATE");
						statement.executeUpdate("INSERT INTO item (id) VALUES (1)");
					}
					Future<?> release = releaser.submit(() -> {
						sleep(300);
						try (Statement statement = other.createStatement()) {
							statement.execute("COMMIT");
						}
						return null;
					});
					Attempts attempts = new Attempts();
					long start = System.nanoTime();
					Integer inserted = retry.invoke(attempts.counting(() -> transactions
						.execute((status) -> jdbc.update("INSERT INTO item (id) VALUES (2)"))));
					long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
					release.get(5, TimeUnit.SECONDS);
					assertThat(inserted).isOne();
					assertThat(attempts.count()).isGreaterThanOrEqualTo(2);
					assertThat(attempts.failures()).hasSize(attempts.count() - 1)
						.allSatisfy((failure) -> assertThat(TransientDataAccessFailures.isTransient(failure)).isTrue())
						.allSatisfy((failure) -> assertThat(failure).hasStackTraceContaining("SQLITE_BUSY"));
					assertThat(millis).isLessThan(5_000);
				}
				finally {
					releaser.shutdownNow();
				}
				assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2);
			});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
	void aPostgresSerializationFailureIsRetriedAndThenSucceeds(TestDatabase database) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory)).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			DataSource dataSource = context.getBean(DataSource.class);
			RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
			TransactionTemplate serializable = new TransactionTemplate(
					context.getBean(TransactionTemplate.class).getTransactionManager());
			serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
			jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
			jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
			Attempts attempts = new Attempts();
			long start = System.nanoTime();
			Integer written = retry.invoke(attempts.counting(() -> serializable.execute((status) -> {
				int seen = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Integer.class);
				if (attempts.count() == 1) {
					// A second SERIALIZABLE transaction changes the row after this one read it, and commits.
					try (Connection other = dataSource.getConnection()) {
						other.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
						other.setAutoCommit(false);
						try (Statement statement = other.createStatement()) {
							statement.executeUpdate("UPDATE counter SET value = value + 100 WHERE id = 1");
						}
						other.commit();
					}
					catch (SQLException ex) {
						throw new IllegalStateException(ex);
					}
				}
				jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
				return seen + 1;
			})));
			assertThat(attempts.count()).isEqualTo(2);
			assertThat(attempts.failures()).singleElement()
				.isInstanceOf(CannotAcquireLockException.class)
				.satisfies((failure) -> assertThat(TransientDataAccessFailures.isTransient(failure)).isTrue())
				.satisfies((failure) -> assertThat(failure).hasStackTraceContaining("could not serialize access"));
			assertThat(written).isEqualTo(101);
			assertThat(jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Integer.class)).isEqualTo(101);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
	void aLostPostgresConnectionIsTransientAndTheTransactionIsRetriedOnAnotherConnection(TestDatabase database) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory)).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
			jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, backend INTEGER NOT NULL)");
			Attempts attempts = new Attempts();
			List<Integer> backends = new CopyOnWriteArrayList<>();
			long start = System.nanoTime();
			retry.invoke(attempts.counting(() -> transactions.execute((status) -> {
				int backend = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
				backends.add(backend);
				if (attempts.count() == 1) {
					// Another session terminates this one's server process and waits until it is gone.
					TestPostgres.execute("SELECT pg_terminate_backend(" + backend + ", 5000)");
				}
				return jdbc.update("INSERT INTO item (id, backend) VALUES (1, ?)", backend);
			})));
			assertThat(attempts.count()).isEqualTo(2);
			assertThat(attempts.failures()).singleElement()
				.satisfies((failure) -> assertThat(TransientDataAccessFailures.isTransient(failure)).isTrue());
			assertThat(backends).hasSize(2).doesNotHaveDuplicates();
			assertThat(jdbc.queryForObject("SELECT backend FROM item WHERE id = 1", Integer.class))
				.isEqualTo(backends.get(1));
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void duplicateKeyBadSqlAndIntegrityViolationsAreAttemptedExactlyOnce(TestDatabase database) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory)).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
			jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)");
			jdbc.update("INSERT INTO item (id, name) VALUES (1, 'first')");

			Attempts duplicate = new Attempts();
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> retry.invoke(duplicate.counting(() -> transactions
					.execute((status) -> jdbc.update("INSERT INTO item (id, name) VALUES (1, 'again')")))));
			assertThat(duplicate.count()).isOne();

			Attempts notNull = new Attempts();
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> retry.invoke(notNull.counting(() -> transactions
					.execute((status) -> jdbc.update("INSERT INTO item (id, name) VALUES (2, NULL)")))));
			assertThat(notNull.count()).isOne();

			Attempts badSql = new Attempts();
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(
					() -> retry.invoke(badSql.counting(() -> jdbc.queryForList("SELECT id FROM no_such_table"))));
			assertThat(badSql.count()).isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "SQLITE_FILE")
	void aNestedWriteTransactionOnTheSameThreadIsNotRetried(TestDatabase database) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory)).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate outer = context.getBean(TransactionTemplate.class);
			TransactionTemplate inner = new TransactionTemplate(outer.getTransactionManager());
			inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			RetryTemplate retry = context.getBean("cloacinaRetryTemplate", RetryTemplate.class);
			jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
			Attempts attempts = new Attempts();
			outer.executeWithoutResult((status) -> {
				jdbc.update("INSERT INTO item (id) VALUES (1)");
				// SQLite has one writer: the inner one would wait for the outer one forever. A busy
				// error, but retrying cannot cure it.
				assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
					.isThrownBy(() -> retry.invoke(attempts.counting(() -> inner
						.execute((nested) -> jdbc.update("INSERT INTO item (id) VALUES (2)")))))
					.withStackTraceContaining("SQLITE_BUSY");
			});
			assertThat(attempts.count()).isOne();
			assertThat(jdbc.queryForList("SELECT id FROM item", Integer.class)).containsExactly(1);
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Counts the attempts of a retried operation and keeps the failures. */
	private static final class Attempts {

		private final AtomicInteger count = new AtomicInteger();

		private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

		<T> Supplier<T> counting(Supplier<T> operation) {
			return () -> {
				this.count.incrementAndGet();
				try {
					return operation.get();
				}
				catch (RuntimeException ex) {
					this.failures.add(ex);
					throw ex;
				}
			};
		}

		int count() {
			return this.count.get();
		}

		List<RuntimeException> failures() {
			return this.failures;
		}

	}

}
