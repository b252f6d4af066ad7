package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen threads at once, one way of using JDBC per test, on a SQLite file and on shared in-memory
 * SQLite: zero errors, and the counter, the rows and the reported commits agree. Every transaction
 * reads the counter, writes rows that record the value it saw, and writes the counter back, so a
 * lost update or two transactions seeing the same value would show.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SqliteConcurrencyPatternsIntegrationTests extends DataSourceTestSupport {

	private static final int THREADS = 16;

	static Stream<Arguments> cases() {
		return Stream.of(Pattern.values())
			.flatMap((pattern) -> Stream.of(Arguments.of(pattern, TestDatabase.SQLITE_FILE),
					Arguments.of(pattern, TestDatabase.SQLITE_MEMORY)));
	}

	@ParameterizedTest(name = "{0} on {1}")
	@MethodSource("cases")
	void sixteenThreadsHaveNoErrorsAndEveryReportedCommitIsThere(Pattern pattern, TestDatabase database)
			throws Exception {
		CloacinaDataSource dataSource = open(database);
		dataSource.setConnectionTimeout(120_000);
		if (pattern == Pattern.POOL_WITH_AUTO_COMMIT_OFF) {
			dataSource.setAutoCommit(false);
		}
		Fixture fixture = new Fixture(dataSource);
		fixture.transactions.executeWithoutResult((status) -> {
			fixture.jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
			fixture.jdbc.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, seen INTEGER NOT NULL, "
					+ "kept INTEGER NOT NULL)");
			fixture.jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
		});
		int perThread = (database == TestDatabase.SQLITE_FILE) ? 200 : 50;
		List<Throwable> errors = Concurrently.run(THREADS, Duration.ofSeconds(150),
				(thread) -> pattern.run(fixture, thread, perThread));
		assertThat(errors).isEmpty();
		long commits = fixture.commits.get();
		assertThat(commits).isEqualTo(pattern.writers() * (long) perThread);
		fixture.transactions.executeWithoutResult((status) -> {
			long rowsPerCommit = pattern.rowsPerCommit();
			assertThat(fixture.jdbc.queryForObject("SELECT value FROM counter", Long.class))
				.isEqualTo(commits * rowsPerCommit);
			assertThat(fixture.jdbc.queryForObject("SELECT count(*) FROM event", Long.class))
				.isEqualTo(commits * rowsPerCommit);
			assertThat(fixture.jdbc.queryForObject("SELECT count(DISTINCT seen) FROM event", Long.class))
				.as("no two transactions saw the same counter value").isEqualTo(commits * rowsPerCommit);
			assertThat(fixture.jdbc.queryForObject("SELECT count(*) FROM event WHERE kept = 0", Long.class))
				.as("rows rolled back to a savepoint").isZero();
		});
		if (pattern == Pattern.READ_ONLY_READERS_BESIDE_WRITERS) {
			assertThat(fixture.reads.get()).isEqualTo((THREADS / 2) * (long) perThread);
		}
	}

	/** The data source and the Spring helpers on it, shared by the threads of one test. */
	static final class Fixture {

		final CloacinaDataSource dataSource;

		final JdbcTemplate jdbc;

		final TransactionTemplate transactions;

		final TransactionTemplate nested;

		final TransactionTemplate readOnly;

		final AtomicLong commits = new AtomicLong();

		final AtomicLong reads = new AtomicLong();

		Fixture(CloacinaDataSource dataSource) {
			this.dataSource = dataSource;
			this.jdbc = new JdbcTemplate(dataSource);
			DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
			this.transactions = new TransactionTemplate(manager);
			this.nested = new TransactionTemplate(manager);
			this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
			this.readOnly = new TransactionTemplate(manager);
			this.readOnly.setReadOnly(true);
		}

		long readCounter() {
			return this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
		}

	}

	/** One way of using JDBC. */
	enum Pattern {

		/** Spring's JdbcTemplate inside TransactionTemplate. */
		JDBC_TEMPLATE {
			@Override
			void run(Fixture fixture, int thread, int count) {
				for (int i = 0; i < count; i++) {
					fixture.transactions.executeWithoutResult((status) -> {
						long seen = fixture.readCounter();
						fixture.jdbc.update("INSERT INTO event (seen, kept) VALUES (?, 1)", seen);
						fixture.jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
					});
					fixture.commits.incrementAndGet();
				}
			}
		},

		/** Plain JDBC: statements prepared once, run in every transaction of the thread. */
		PREPARED_STATEMENTS_REUSED {
			@Override
			void run(Fixture fixture, int thread, int count) throws Exception {
				try (Connection connection = fixture.dataSource.getConnection()) {
					connection.setAutoCommit(false);
					try (PreparedStatement read = connection.prepareStatement("SELECT value FROM counter WHERE id = 1");
							PreparedStatement insert = connection
								.prepareStatement("INSERT INTO event (seen, kept) VALUES (?, 1)");
							PreparedStatement update = connection
								.prepareStatement("UPDATE counter SET value = ? WHERE id = 1")) {
						for (int i = 0; i < count; i++) {
							long seen;
							try (ResultSet rows = read.executeQuery()) {
								rows.next();
								seen = rows.getLong(1);
							}
							insert.setLong(1, seen);
							insert.executeUpdate();
							update.setLong(1, seen + 1);
							update.executeUpdate();
							connection.commit();
							fixture.commits.incrementAndGet();
						}
					}
					connection.setAutoCommit(true);
				}
			}
		},

		/** A JDBC batch of five inserts per transaction. */
		BATCHES {
			@Override
			void run(Fixture fixture, int thread, int count) {
				for (int i = 0; i < count; i++) {
					fixture.transactions.executeWithoutResult((status) -> {
						long seen = fixture.readCounter();
						List<Object[]> rows = new ArrayList<>();
						for (int r = 0; r < 5; r++) {
							rows.add(new Object[] { seen + r });
						}
						fixture.jdbc.batchUpdate("INSERT INTO event (seen, kept) VALUES (?, 1)", rows);
						fixture.jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 5);
					});
					fixture.commits.incrementAndGet();
				}
			}

			@Override
			long rowsPerCommit() {
				return 5;
			}
		},

		/** PROPAGATION_NESTED: one savepoint rolled back, one released, in every transaction. */
		NESTED_SAVEPOINTS {
			@Override
			void run(Fixture fixture, int thread, int count) {
				for (int i = 0; i < count; i++) {
					fixture.transactions.executeWithoutResult((status) -> {
						long seen = fixture.readCounter();
						fixture.nested.executeWithoutResult((inner) -> {
							fixture.jdbc.update("INSERT INTO event (seen, kept) VALUES (?, 0)", seen);
							inner.setRollbackOnly();
						});
						fixture.nested.executeWithoutResult(
								(inner) -> fixture.jdbc.update("INSERT INTO event (seen, kept) VALUES (?, 1)", seen));
						fixture.jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
					});
					fixture.commits.incrementAndGet();
				}
			}
		},

		/** Half the threads write, half run read-only transactions that must see a consistent state. */
		READ_ONLY_READERS_BESIDE_WRITERS {
			@Override
			void run(Fixture fixture, int thread, int count) throws Exception {
				if (thread % 2 == 0) {
					JDBC_TEMPLATE.run(fixture, thread, count);
					return;
				}
				for (int i = 0; i < count; i++) {
					fixture.readOnly.executeWithoutResult((status) -> {
						long counter = fixture.readCounter();
						long events = fixture.jdbc.queryForObject("SELECT count(*) FROM event", Long.class);
						assertThat(events).as("one snapshot").isEqualTo(counter);
					});
					fixture.reads.incrementAndGet();
				}
			}

			@Override
			int writers() {
				return THREADS / 2;
			}
		},

		/** A pool whose connections have auto-commit off, as JPA set-ups often configure it. */
		POOL_WITH_AUTO_COMMIT_OFF {
			@Override
			void run(Fixture fixture, int thread, int count) throws Exception {
				JDBC_TEMPLATE.run(fixture, thread, count);
			}
		};

		abstract void run(Fixture fixture, int thread, int count) throws Exception;

		long rowsPerCommit() {
			return 1;
		}

		int writers() {
			return THREADS;
		}

	}

}
