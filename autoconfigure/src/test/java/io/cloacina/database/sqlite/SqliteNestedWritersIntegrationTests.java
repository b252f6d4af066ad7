package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A write transaction begun on the same thread as another one that is open: it goes ahead if the
 * open one has only read (that one lends its writer slot, gets it back when the nested one ends and
 * sees its commit), and fails at once if the open one has written. No other writer gets in between.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteNestedWritersIntegrationTests extends DataSourceTestSupport {

	private final ExecutorService other = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		this.other.shutdownNow();
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void aNestedWriterGoesAheadWhileTheOuterTransactionHasOnlyRead(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = open(database);
		dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection outer = dataSource.getConnection()) {
			outer.setAutoCommit(false);
			assertThat(count(outer)).isZero();
			try (Connection nested = dataSource.getConnection()) {
				nested.setAutoCommit(false);
				insert(nested, 1);
				nested.commit();
				// Twice: a lender that got the slot back lends it again.
				insert(nested, 2);
				nested.commit();
				nested.setAutoCommit(true);
			}
			// The outer transaction sees what the nested ones committed, and writes after them.
			assertThat(count(outer)).isEqualTo(2);
			insert(outer, 3);
			outer.commit();
			outer.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2, 3);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void requiresNewAfterAReadWorksAndAfterAWriteFailsAtOnce(TestDatabase database) {
		CloacinaDataSource dataSource = open(database);
		dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
		TransactionTemplate outer = new TransactionTemplate(manager);
		TransactionTemplate inner = new TransactionTemplate(manager);
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		outer.executeWithoutResult((status) -> {
			assertThat(jdbc.queryForObject("SELECT count(*) FROM item", Integer.class)).isZero();
			inner.executeWithoutResult((nested) -> jdbc.update("INSERT INTO item (id) VALUES (1)"));
			jdbc.update("INSERT INTO item (id) VALUES (2)");
			long start = System.nanoTime();
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> inner.executeWithoutResult((nested) -> jdbc.update("INSERT INTO item (id) VALUES (3)")))
				.withStackTraceContaining("would wait for itself");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
		});
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2);
	}

	@Test
	void noOtherWriterCommitsBetweenTheOuterTransactionsReadAndItsWrite() throws Exception {
		CloacinaDataSource dataSource = open(TestDatabase.SQLITE_FILE);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
		CountDownLatch otherWaits = new CountDownLatch(1);
		Future<?> otherWriter;
		try (Connection outer = dataSource.getConnection()) {
			outer.setAutoCommit(false);
			long seen = counter(outer);
			// Another thread's read-modify-write queues for the slot the outer transaction holds.
			otherWriter = this.other.submit(() -> {
				try (Connection connection = dataSource.getConnection()) {
					connection.setAutoCommit(false);
					otherWaits.countDown();
					long value = counter(connection);
					try (Statement statement = connection.createStatement()) {
						statement.executeUpdate("UPDATE counter SET value = " + (value + 1));
					}
					connection.commit();
					connection.setAutoCommit(true);
				}
				return null;
			});
			otherWaits.await();
			Thread.sleep(100);
			try (Connection nested = dataSource.getConnection()) {
				nested.setAutoCommit(false);
				insert(nested, 1);
				nested.commit();
				nested.setAutoCommit(true);
			}
			// The slot came back to the outer transaction, not to the waiting writer: its read still holds.
			Thread.sleep(100);
			try (Statement statement = outer.createStatement()) {
				statement.executeUpdate("UPDATE counter SET value = " + (seen + 1));
			}
			outer.commit();
			outer.setAutoCommit(true);
		}
		otherWriter.get(30, TimeUnit.SECONDS);
		assertThat(jdbc.queryForObject("SELECT value FROM counter", Integer.class)).as("no update lost").isEqualTo(2);
	}

	@Test
	void anOuterTransactionThatHasOnlyReadLendsWithItsSavepointsAndKeepsThem() throws Exception {
		CloacinaDataSource dataSource = open(TestDatabase.SQLITE_FILE);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection outer = dataSource.getConnection()) {
			outer.setAutoCommit(false);
			java.sql.Savepoint beforeRead = outer.setSavepoint("before_read");
			count(outer);
			java.sql.Savepoint afterRead = outer.setSavepoint("after_read");
			try (Connection nested = dataSource.getConnection()) {
				nested.setAutoCommit(false);
				insert(nested, 1);
				nested.commit();
				nested.setAutoCommit(true);
			}
			// Both savepoints exist again in the transaction that began anew.
			insert(outer, 2);
			outer.rollback(afterRead);
			insert(outer, 3);
			outer.releaseSavepoint(beforeRead);
			outer.commit();
			outer.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 3);
	}

	@Test
	void theOuterTransactionCannotGoOnWhileTheNestedOneOnItsThreadIsOpen() throws Exception {
		CloacinaDataSource dataSource = open(TestDatabase.SQLITE_FILE);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection outer = dataSource.getConnection(); Connection nested = dataSource.getConnection()) {
			outer.setAutoCommit(false);
			count(outer);
			nested.setAutoCommit(false);
			insert(nested, 1);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> insert(outer, 2))
				.withMessageContaining("would wait for itself");
			nested.commit();
			nested.setAutoCommit(true);
			// Once the nested one ended, the outer one goes on.
			insert(outer, 3);
			outer.commit();
			outer.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 3);
	}

	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = { "ReentrantLock", "synchronized" })
	void aDeadlockBetweenTheWriterSlotAndAnApplicationLockIsResolvedWhenTheHolderHasOnlyRead(String lockKind)
			throws Exception {
		// What Hibernate's id optimizer does: thread A reads in its transaction, then waits for a lock
		// that thread B holds while B's own write transaction waits for A's writer slot.
		CloacinaDataSource dataSource = open(TestDatabase.SQLITE_FILE);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		Object monitor = new Object();
		java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
		CountDownLatch bHoldsLock = new CountDownLatch(1);
		CountDownLatch aHasRead = new CountDownLatch(1);
		Future<?> a = this.other.submit(() -> {
			try (Connection outer = dataSource.getConnection()) {
				outer.setAutoCommit(false);
				count(outer);
				aHasRead.countDown();
				bHoldsLock.await();
				withLock(lockKind, lock, monitor, () -> insert(outer, 1));
				outer.commit();
				outer.setAutoCommit(true);
			}
			return null;
		});
		aHasRead.await();
		long start = System.nanoTime();
		withLock(lockKind, lock, monitor, () -> {
			bHoldsLock.countDown();
			// Until A blocks on this lock, this writer waits for A's slot as any writer would.
			try (Connection nested = dataSource.getConnection()) {
				nested.setAutoCommit(false);
				insert(nested, 2);
				nested.commit();
				nested.setAutoCommit(true);
			}
		});
		a.get(30, TimeUnit.SECONDS);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("resolved, not timed out")
			.isLessThan(10_000);
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2);
	}

	@Test
	void aHolderThatHasWrittenDoesNotLendAndTheOtherWriterFailsAtOnceAsADeadlockVictim() throws Exception {
		CloacinaDataSource dataSource = open(TestDatabase.SQLITE_FILE);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
		CountDownLatch bHoldsLock = new CountDownLatch(1);
		CountDownLatch aHasWritten = new CountDownLatch(1);
		Future<?> a = this.other.submit(() -> {
			try (Connection outer = dataSource.getConnection()) {
				outer.setAutoCommit(false);
				insert(outer, 1);
				aHasWritten.countDown();
				bHoldsLock.await();
				lock.lock();
				lock.unlock();
				outer.commit();
				outer.setAutoCommit(true);
			}
			return null;
		});
		aHasWritten.await();
		lock.lock();
		try {
			bHoldsLock.countDown();
			try (Connection nested = dataSource.getConnection()) {
				nested.setAutoCommit(false);
				// Lending would lose A's write: B gives way, within a moment rather than the 30 s busy timeout.
				long start = System.nanoTime();
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> insert(nested, 2))
					.withMessageContaining("deadlock")
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("40P01"));
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
				nested.rollback();
				nested.setAutoCommit(true);
			}
		}
		finally {
			lock.unlock();
		}
		a.get(30, TimeUnit.SECONDS);
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1);
	}

	private static void withLock(String kind, java.util.concurrent.locks.ReentrantLock lock, Object monitor,
			SqlWork work) throws SQLException {
		if (kind.equals("synchronized")) {
			synchronized (monitor) {
				work.run();
			}
			return;
		}
		lock.lock();
		try {
			work.run();
		}
		finally {
			lock.unlock();
		}
	}

	@FunctionalInterface
	private interface SqlWork {

		void run() throws SQLException;

	}

	@Test
	void queriesAreToldFromStatementsThatMayWrite() {
		assertThat(SqliteTransaction.isQuery("SELECT 1")).isTrue();
		assertThat(SqliteTransaction.isQuery("  select * from item")).isTrue();
		assertThat(SqliteTransaction.isQuery("/* hibernate */ select next_val from item_seq")).isTrue();
		assertThat(SqliteTransaction.isQuery("-- note\n(SELECT 1) UNION SELECT 2")).isTrue();
		assertThat(SqliteTransaction.isQuery("VALUES (1), (2)")).isTrue();
		assertThat(SqliteTransaction.isQuery("INSERT INTO item VALUES (1)")).isFalse();
		assertThat(SqliteTransaction.isQuery("WITH x AS (SELECT 1) INSERT INTO item SELECT * FROM x")).isFalse();
		assertThat(SqliteTransaction.isQuery("SELECTED")).isFalse();
		assertThat(SqliteTransaction.isQuery("SELECT_ME")).isFalse();
		assertThat(SqliteTransaction.isQuery("PRAGMA user_version = 3")).isFalse();
		assertThat(SqliteTransaction.isQuery("/* unterminated SELECT")).isFalse();
		assertThat(SqliteTransaction.isQuery("")).isFalse();
	}

	private static int count(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM item")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private static long counter(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT value FROM counter WHERE id = 1")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void insert(Connection connection, int id) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
		}
	}

}
