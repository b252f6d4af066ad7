package io.cloacina.database.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite file in WAL mode is checkpointed by a thread of its own, not by the committing writer:
 * the pool's connections leave automatic checkpoints for 10,000 pages, and what the writers wrote
 * still reaches the database file soon after, through plain JDBC auto-commit statements and
 * {@code TransactionTemplate} transactions alike; concurrent writers lose nothing meanwhile.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteCheckpointerTests extends DataSourceTestSupport {

	@Test
	void whatWritersCommitReachesTheDatabaseFileWithoutTheWritersCheckpointing() throws Exception {
		Path file = this.directory.resolve("checkpoint.db");
		CloacinaDataSource dataSource = open("sqlite://" + file);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForObject("PRAGMA wal_autocheckpoint", Integer.class))
			.isEqualTo(SqliteCheckpointer.WRITER_AUTOCHECKPOINT_PAGES);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
		long fileBefore = Files.size(file);
		// About 2.5 MB (600 pages) in 300 auto-commit statements and 20 transactions: far below the
		// writers' own threshold of 10,000 pages, so only the background checkpoint copies it.
		Random random = new Random(42);
		for (int i = 0; i < 300; i++) {
			byte[] payload = new byte[4_096];
			random.nextBytes(payload);
			jdbc.update("INSERT INTO item (payload) VALUES (?)", (Object) payload);
		}
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		for (int i = 0; i < 20; i++) {
			transactions.executeWithoutResult((status) -> {
				List<Object[]> rows = new ArrayList<>();
				for (int r = 0; r < 15; r++) {
					byte[] payload = new byte[4_096];
					random.nextBytes(payload);
					rows.add(new Object[] { payload });
				}
				jdbc.batchUpdate("INSERT INTO item (payload) VALUES (?)", rows);
			});
		}
		SqliteCheckpointer checkpointer = dataSource.unwrap(SqliteConnectionFactory.class).checkpointer();
		assertThat(checkpointer.running()).isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (Files.size(file) < fileBefore + 600 * 4_096L && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(Files.size(file)).isGreaterThanOrEqualTo(fileBefore + 600 * 4_096L);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM item", Integer.class)).isEqualTo(600);
		dataSource.close();
		assertThat(checkpointer.running()).isFalse();
	}

	@Test
	void eightConcurrentWritersLoseNothingWhileCheckpointsRun() throws Exception {
		CloacinaDataSource dataSource = open("sqlite://" + this.directory.resolve("concurrent.db"));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL, payload BLOB NOT NULL)");
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				int worker = w;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 150; i++) {
						transactions.executeWithoutResult((status) -> {
							jdbc.update("INSERT INTO item (worker, payload) VALUES (?, ?)", worker, new byte[2_048]);
							jdbc.update("INSERT INTO item (worker, payload) VALUES (?, ?)", worker, new byte[2_048]);
						});
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(jdbc.queryForList("SELECT count(*) FROM item GROUP BY worker ORDER BY worker", Integer.class))
			.containsExactly(300, 300, 300, 300, 300, 300, 300, 300);
		assertThat(jdbc.queryForObject("PRAGMA integrity_check", String.class)).isEqualTo("ok");
		Path file = this.directory.resolve("concurrent.db");
		dataSource.close();
		// The last connection to close checkpoints and removes the log; the file holds every row.
		assertThat(Files.exists(this.directory.resolve("concurrent.db-wal"))).isFalse();
		try (CloacinaDataSource reopened = CloacinaDataSource.builder(
				io.cloacina.database.DatabaseUrl.parse("sqlite://" + file)).build()) {
			assertThat(new JdbcTemplate(reopened).queryForObject("SELECT count(*) FROM item", Integer.class))
				.isEqualTo(2_400);
		}
	}

	@Test
	void onlyFilesInWalModeHaveABackgroundCheckpoint() throws Exception {
		CloacinaDataSource memory = open("sqlite::memory:");
		assertThat(new JdbcTemplate(memory).queryForObject("PRAGMA wal_autocheckpoint", Integer.class)).isEqualTo(1000);
		assertThat(memory.unwrap(SqliteConnectionFactory.class).checkpointer()).isNull();
		memory.close();
		CloacinaDataSource rollbackJournal = open(
				"sqlite://" + this.directory.resolve("delete-journal.db") + "?journal_mode=DELETE");
		JdbcTemplate jdbc = new JdbcTemplate(rollbackJournal);
		assertThat(jdbc.queryForObject("PRAGMA journal_mode", String.class)).isEqualToIgnoringCase("delete");
		assertThat(jdbc.queryForObject("PRAGMA wal_autocheckpoint", Integer.class)).isEqualTo(1000);
		assertThat(rollbackJournal.unwrap(SqliteConnectionFactory.class).checkpointer()).isNull();
	}

}
