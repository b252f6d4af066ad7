package io.cloacina.database.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code abort()} and {@code close()} from another thread at a random moment while the owner runs
 * write transactions: the writer slot is released exactly once (never a second permit), SQLite's
 * write lock is free afterwards, and the rows on disk are exactly those of the commits that
 * returned.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteTransactionRaceTests {

	private static final int ROUNDS = 150;

	@TempDir
	Path directory;

	private SqliteConnectionFactory factory;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private Path file;

	@BeforeEach
	void createDatabase() throws SQLException {
		this.file = this.directory.resolve("race.db");
		Properties properties = new Properties();
		properties.setProperty("journal_mode", "WAL");
		properties.setProperty("synchronous", "NORMAL");
		properties.setProperty("busy_timeout", "10000");
		this.factory = new SqliteConnectionFactory("jdbc:sqlite:" + this.file, properties, 10_000, false);
		try (Connection connection = this.factory.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		}
	}

	@AfterEach
	void close() throws Exception {
		this.threads.shutdownNow();
		this.factory.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "abort", "close" })
	void endingAConnectionFromAnotherThreadReleasesTheWriterSlotOnceAndKeepsEveryReturnedCommit(String ending)
			throws Exception {
		AtomicLong ids = new AtomicLong();
		Set<Long> committed = java.util.concurrent.ConcurrentHashMap.newKeySet();
		SqliteWriteGate gate = this.factory.gate();
		for (int round = 0; round < ROUNDS; round++) {
			Connection connection = this.factory.getConnection();
			Future<?> owner = this.threads.submit(() -> {
				try {
					while (true) {
						connection.setAutoCommit(false);
						long id = ids.incrementAndGet();
						try (Statement statement = connection.createStatement()) {
							statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
						}
						connection.commit();
						committed.add(id);
						connection.setAutoCommit(true);
					}
				}
				catch (SQLException ex) {
					// Ended by the other thread: expected, at any point.
				}
				return null;
			});
			// A second writer keeps the slot contended, so the ending also races other waiters.
			Future<?> contender = this.threads.submit(() -> {
				try (Connection other = this.factory.getConnection()) {
					for (int i = 0; i < 5; i++) {
						other.setAutoCommit(false);
						long id = ids.incrementAndGet();
						try (Statement statement = other.createStatement()) {
							statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
						}
						other.commit();
						committed.add(id);
						other.setAutoCommit(true);
					}
				}
				return null;
			});
			TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(3_000));
			if (ending.equals("abort")) {
				connection.abort(this.threads);
			}
			else {
				connection.close();
			}
			owner.get(30, TimeUnit.SECONDS);
			contender.get(30, TimeUnit.SECONDS);
			awaitSlotFree(gate);
			assertThat(gate.availablePermits()).isOne();
		}
		assertThat(gate.holder()).isNull();
		assertThat(rowsOnDisk()).isEqualTo(committed);
		try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + this.file);
				Statement statement = plain.createStatement()) {
			statement.execute("PRAGMA busy_timeout = 0");
			statement.execute("BEGIN IMMEDIATE");
			statement.execute("ROLLBACK");
		}
	}

	/**
	 * The owner writes in a transaction it never commits while another thread ends the connection: a
	 * statement that passed its checks just before the ending must fail, not run in SQLite's
	 * auto-commit mode and be written. Any row on disk is such a statement.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "abort", "close" })
	void aStatementRacingTheEndingFromAnotherThreadNeverWritesOutsideItsTransaction(String ending)
			throws Exception {
		AtomicLong ids = new AtomicLong();
		for (int round = 0; round < ROUNDS; round++) {
			Connection connection = this.factory.getConnection();
			connection.setAutoCommit(false);
			Future<?> owner = this.threads.submit(() -> {
				try (Statement statement = connection.createStatement()) {
					while (true) {
						statement.executeUpdate("INSERT INTO item (id) VALUES (" + ids.incrementAndGet() + ")");
					}
				}
				catch (SQLException ex) {
					// Ended by the other thread: expected, at any point.
				}
				return null;
			});
			TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(2_000));
			if (ending.equals("abort")) {
				connection.abort(this.threads);
			}
			else {
				connection.close();
			}
			owner.get(30, TimeUnit.SECONDS);
			awaitSlotFree(this.factory.gate());
		}
		assertThat(ids.get()).as("statements run").isGreaterThan(ROUNDS);
		assertThat(rowsOnDisk()).as("rows written outside a transaction that was never committed").isEmpty();
	}

	/** An abort releases the slot on its executor, shortly after it returns. */
	private static void awaitSlotFree(SqliteWriteGate gate) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (gate.holder() != null && System.nanoTime() < until) {
			Thread.sleep(1);
		}
		assertThat(gate.holder()).isNull();
	}

	private Set<Long> rowsOnDisk() throws SQLException {
		Set<Long> ids = new HashSet<>();
		try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + this.file);
				Statement statement = plain.createStatement();
				var rows = statement.executeQuery("SELECT id FROM item")) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

}
