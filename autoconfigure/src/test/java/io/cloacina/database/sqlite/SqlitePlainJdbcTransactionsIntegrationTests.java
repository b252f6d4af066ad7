package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ways plain JDBC code, pools and client libraries use SQLite connections that Spring's
 * {@code JdbcTemplate} pattern does not: each case failed with {@code SQLITE_BUSY} or left a dirty
 * connection in the pool before the transaction core became a state machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqlitePlainJdbcTransactionsIntegrationTests extends DataSourceTestSupport {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void aSecondWriteTransactionOnTheSameThreadProceedsWhileTheFirstHasExecutedNothing(TestDatabase database)
			throws Exception {
		// What Hibernate does for table-generated ids: the caller's transaction is open (auto-commit
		// off) but has run nothing yet when the id is fetched and updated on a second connection.
		CloacinaDataSource dataSource = open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory))));
		dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
		jdbc.execute("CREATE TABLE item_seq (next_val INTEGER NOT NULL)");
		jdbc.update("INSERT INTO item_seq (next_val) VALUES (1)");
		try (Connection outer = dataSource.getConnection()) {
			outer.setAutoCommit(false);
			long id;
			try (Connection isolated = dataSource.getConnection()) {
				isolated.setAutoCommit(false);
				try (Statement statement = isolated.createStatement();
						ResultSet next = statement.executeQuery("SELECT next_val FROM item_seq")) {
					next.next();
					id = next.getLong(1);
				}
				execute(isolated, "UPDATE item_seq SET next_val = next_val + 1");
				isolated.commit();
				isolated.setAutoCommit(true);
			}
			try (PreparedStatement insert = outer.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
				insert.setLong(1, id);
				insert.setString(2, "first");
				insert.executeUpdate();
			}
			outer.commit();
			outer.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item", Long.class)).containsExactly(1L);
		assertThat(jdbc.queryForObject("SELECT next_val FROM item_seq", Long.class)).isEqualTo(2L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void aPoolWithAutoCommitOffRunsConcurrentTransactions(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory))));
		dataSource.setAutoCommit(false);
		dataSource.setConnectionTimeout(60_000);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		transactions.executeWithoutResult((status) -> jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)"));
		// Hikari sets auto-commit off on every connection it opens, idle ones included: none of them may
		// hold the writer slot, or the pool could not even fill up.
		int poolSize = dataSource.getMaximumPoolSize();
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (dataSource.getHikariPoolMXBean().getTotalConnections() < poolSize && System.nanoTime() < until) {
			Thread.sleep(20);
		}
		assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isEqualTo(poolSize);
		AtomicLong ids = new AtomicLong();
		List<Throwable> errors = Concurrently.run(4, Duration.ofSeconds(100), (thread) -> {
			for (int i = 0; i < 50; i++) {
				transactions.executeWithoutResult(
						(status) -> jdbc.update("INSERT INTO item (id) VALUES (?)", ids.incrementAndGet()));
			}
		});
		assertThat(errors).isEmpty();
		Long rows = transactions.execute((status) -> jdbc.queryForObject("SELECT count(*) FROM item", Long.class));
		assertThat(rows).isEqualTo(200L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void aReadOnlyConnectionClosedBeforeAnyStatementGoesBackToThePoolClean(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory))));
		dataSource.setMaximumPoolSize(1);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection connection = dataSource.getConnection()) {
			connection.setReadOnly(true);
			connection.setAutoCommit(false);
		}
		// The one pooled connection: read-write, auto-commit, no transaction open.
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.isReadOnly()).isFalse();
			assertThat(connection.getAutoCommit()).isTrue();
			execute(connection, "INSERT INTO item (id) VALUES (1)");
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM item", Long.class)).isEqualTo(1L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void statementsPreparedOnceRunInManyTransactionsFromEightThreads(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory))));
		dataSource.setConnectionTimeout(60_000);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
		jdbc.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, seen INTEGER NOT NULL)");
		jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
		AtomicLong commits = new AtomicLong();
		List<Throwable> errors = Concurrently.run(8, Duration.ofSeconds(100), (thread) -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				try (PreparedStatement read = connection.prepareStatement("SELECT value FROM counter WHERE id = 1");
						PreparedStatement insert = connection.prepareStatement("INSERT INTO event (seen) VALUES (?)");
						PreparedStatement update = connection.prepareStatement("UPDATE counter SET value = ? WHERE id = 1")) {
					connection.commit();
					for (int i = 0; i < 200; i++) {
						long seen;
						try (ResultSet rs = read.executeQuery()) {
							rs.next();
							seen = rs.getLong(1);
						}
						insert.setLong(1, seen);
						insert.executeUpdate();
						update.setLong(1, seen + 1);
						update.executeUpdate();
						connection.commit();
						commits.incrementAndGet();
					}
				}
				connection.setAutoCommit(true);
			}
		});
		assertThat(errors).isEmpty();
		assertThat(commits.get()).isEqualTo(1_600L);
		assertThat(jdbc.queryForObject("SELECT value FROM counter", Long.class)).isEqualTo(1_600L);
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT seen) FROM event", Long.class)).isEqualTo(1_600L);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void aWriteTransactionBegunOnOneThreadIsContinuedAndCommittedOnAnother(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory))));
		dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		Connection handedOff = dataSource.getConnection();
		handedOff.setAutoCommit(false);
		execute(handedOff, "INSERT INTO item (id) VALUES (1)");
		// Continued and committed by another thread, while this one starts a write of its own: it waits
		// for the other thread's commit instead of failing as if it waited for itself.
		Future<?> continued = this.threads.submit(() -> {
			execute(handedOff, "INSERT INTO item (id) VALUES (2)");
			Thread.sleep(300);
			handedOff.commit();
			handedOff.setAutoCommit(true);
			handedOff.close();
			return null;
		});
		try (Connection mine = dataSource.getConnection()) {
			mine.setAutoCommit(false);
			execute(mine, "INSERT INTO item (id) VALUES (3)");
			mine.commit();
			mine.setAutoCommit(true);
		}
		continued.get(30, TimeUnit.SECONDS);
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Long.class)).containsExactly(1L, 2L, 3L);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
	}

}
