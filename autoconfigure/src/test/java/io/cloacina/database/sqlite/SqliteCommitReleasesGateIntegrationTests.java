package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After {@code commit()} or {@code rollback()} with auto-commit still off, the next transaction
 * begins with the next statement: the write gate is free at once for other writers, and the
 * connection's next statement still runs in a transaction of its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteCommitReleasesGateIntegrationTests extends DataSourceTestSupport {

	private final ExecutorService other = Executors.newSingleThreadExecutor();

	@AfterEach
	void close() {
		this.other.shutdownNow();
	}

	@Test
	void anotherWriterBeginsRightAfterCommitAndRollback() throws Exception {
		open("sqlite://" + this.directory.resolve("gate.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, who TEXT NOT NULL)");
		try (Connection first = this.dataSource.getConnection()) {
			first.setAutoCommit(false);
			execute(first, "INSERT INTO item (id, who) VALUES (1, 'first')");
			first.commit();
			// Auto-commit is still off on the first connection; another writer must not wait for it.
			writeOnAnotherThread(2);
			execute(first, "INSERT INTO item (id, who) VALUES (3, 'first')");
			first.rollback();
			writeOnAnotherThread(4);
			execute(first, "INSERT INTO item (id, who) VALUES (5, 'first')");
			first.commit();
			first.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2, 4, 5);
	}

	private void writeOnAnotherThread(int id) throws Exception {
		Future<?> write = this.other.submit(() -> {
			try (Connection second = this.dataSource.getConnection()) {
				second.setAutoCommit(false);
				execute(second, "INSERT INTO item (id, who) VALUES (" + id + ", 'second')");
				second.commit();
				second.setAutoCommit(true);
			}
			return null;
		});
		// The write gate waits up to the busy timeout (30 s): finishing in 10 s means it was free.
		write.get(10, TimeUnit.SECONDS);
	}

	private static void execute(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
	}

}
