package io.cloacina.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Many threads running read-modify-write transactions at once: zero errors, and every commit that
 * was reported is in the database and nothing else is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentTransactionsIntegrationTests extends DataSourceTestSupport {

	private static final int THREADS = 16;

	private static final long RUN_MILLIS = 3_000;

	private static final int MAX_TRANSACTIONS_PER_THREAD = 2_000;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void sixteenThreadsOfReadModifyWriteTransactionsHaveNoErrorsAndLoseNoCommit(TestDatabase database)
			throws Exception {
		open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory)))
			.properties(Map.of()));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)");
		jdbc.execute("CREATE TABLE event (id BIGINT PRIMARY KEY, worker INTEGER NOT NULL, seen BIGINT NOT NULL)");
		jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");

		// PostgreSQL runs READ COMMITTED: a read-modify-write locks the row it reads. SQLite needs no
		// clause: its write transactions run one at a time.
		String selectCounter = "SELECT value FROM counter WHERE id = 1"
				+ ((database.backend() == DatabaseBackend.POSTGRESQL) ? " FOR UPDATE" : "");
		AtomicLong committed = new AtomicLong();
		AtomicLong nextEventId = new AtomicLong();
		ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
		ExecutorService workers = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int worker = 0; worker < THREADS; worker++) {
				int id = worker;
				running.add(workers.submit(() -> {
					for (int i = 0; i < MAX_TRANSACTIONS_PER_THREAD && System.nanoTime() < deadline; i++) {
						try {
							transactions.executeWithoutResult((status) -> {
								long seen = jdbc.queryForObject(selectCounter, Long.class);
								jdbc.update("INSERT INTO event (id, worker, seen) VALUES (?, ?, ?)",
										nextEventId.incrementAndGet(), id, seen);
								jdbc.update("UPDATE counter SET value = ? WHERE id = 1", seen + 1);
							});
							committed.incrementAndGet();
						}
						catch (Throwable ex) {
							errors.add(ex);
						}
					}
				}));
			}
			for (Future<?> future : running) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			workers.shutdownNow();
		}
		assertThat(errors).as("errors in %s", database).isEmpty();
		assertThat(committed.get()).isGreaterThan(THREADS);
		long counter = jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Long.class);
		long events = jdbc.queryForObject("SELECT count(*) FROM event", Long.class);
		long distinctSeen = jdbc.queryForObject("SELECT count(DISTINCT seen) FROM event", Long.class);
		assertThat(counter).as("counter vs reported commits").isEqualTo(committed.get());
		assertThat(events).as("event rows vs reported commits").isEqualTo(committed.get());
		assertThat(distinctSeen).as("no two transactions read the same counter value").isEqualTo(events);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "POSTGRESQL" })
	void readersRunWhileAWriteTransactionIsOpen(TestDatabase database) throws Exception {
		open(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		jdbc.update("INSERT INTO item (id) VALUES (1)");
		CountDownLatch written = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(3);
		try {
			Future<?> writer = threads.submit(() -> transactions.executeWithoutResult((status) -> {
				jdbc.update("INSERT INTO item (id) VALUES (2)");
				written.countDown();
				await(finish);
			}));
			assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();

			// While the writer holds its transaction open, readers finish and see committed data only.
			Future<Integer> readOnlyReader = threads.submit(() -> readOnly
				.execute((status) -> jdbc.queryForObject("SELECT count(*) FROM item", Integer.class)));
			assertThat(readOnlyReader.get(5, TimeUnit.SECONDS)).isEqualTo(1);
			Future<Integer> autoCommitReader = threads
				.submit(() -> jdbc.queryForObject("SELECT count(*) FROM item", Integer.class));
			assertThat(autoCommitReader.get(5, TimeUnit.SECONDS)).isEqualTo(1);

			Future<?> secondWriter = null;
			if (database.backend() == DatabaseBackend.SQLITE) {
				// SQLite has one writer at a time: a second one waits for the first instead of failing.
				secondWriter = threads.submit(() -> transactions.executeWithoutResult((status) -> {
					int count = jdbc.queryForObject("SELECT count(*) FROM item", Integer.class);
					jdbc.update("INSERT INTO item (id) VALUES (?)", 10 + count);
				}));
				Thread.sleep(300);
				assertThat(secondWriter.isDone()).isFalse();
			}
			finish.countDown();
			writer.get(10, TimeUnit.SECONDS);
			if (secondWriter != null) {
				secondWriter.get(10, TimeUnit.SECONDS);
				assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2,
						12);
			}
		}
		finally {
			finish.countDown();
			threads.shutdownNow();
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM item WHERE id IN (1, 2)", Integer.class)).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "SQLITE_FILE")
	void aNestedWriteTransactionOnTheSameThreadFailsFastInsteadOfWaitingForItself(TestDatabase database) {
		open(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.setExceptionTranslator(new SqliteExceptionTranslator());
		DataSourceTransactionManager manager = new DataSourceTransactionManager(this.dataSource);
		TransactionTemplate outer = new TransactionTemplate(manager);
		TransactionTemplate inner = new TransactionTemplate(manager);
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		TransactionTemplate innerReadOnly = new TransactionTemplate(manager);
		innerReadOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		innerReadOnly.setReadOnly(true);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		long start = System.nanoTime();
		outer.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO item (id) VALUES (1)");
			// The inner transaction begins (it holds nothing until it runs a statement); its first
			// statement would wait for the outer one, which has written, so it fails at once.
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> inner.executeWithoutResult((nested) -> jdbc.update("INSERT INTO item (id) VALUES (2)")))
				.withMessageContaining("already has a write transaction open on another connection");
			// A read-only inner transaction is fine: it does not need the writer slot.
			Integer seen = innerReadOnly
				.execute((nested) -> jdbc.queryForObject("SELECT count(*) FROM item", Integer.class));
			assertThat(seen).isZero();
		});
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
		assertThat(jdbc.queryForList("SELECT id FROM item", Integer.class)).containsExactly(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
