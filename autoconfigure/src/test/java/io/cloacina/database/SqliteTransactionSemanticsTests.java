package io.cloacina.database;

import java.sql.Connection;
import java.sql.PreparedStatement;

import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDBC transaction semantics on the starter's SQLite connections, as JDBC code that does not
 * use Spring relies on them.
 */
class SqliteTransactionSemanticsTests extends DataSourceTestSupport {

	@Test
	void aStatementPreparedInOneTransactionStaysTransactionalAfterCommitAndRollback() throws Exception {
		open("sqlite://" + this.directory.resolve("t.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item (id) VALUES (?)")) {
				insert.setInt(1, 1);
				insert.executeUpdate();
				connection.commit();
				// The same statement, executed again after the commit: part of the next transaction.
				insert.setInt(1, 2);
				insert.executeUpdate();
				connection.rollback();
				insert.setInt(1, 3);
				insert.executeUpdate();
				insert.setInt(1, 4);
				insert.executeUpdate();
				connection.commit();
			}
			connection.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 3, 4);
	}

	@Test
	void afterACommitTheNextWriterOfAnotherConnectionIsNotHeldUp() throws Exception {
		open("sqlite://" + this.directory.resolve("u.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection first = this.dataSource.getConnection(); Connection second = this.dataSource.getConnection()) {
			first.setAutoCommit(false);
			try (var statement = first.createStatement()) {
				statement.executeUpdate("INSERT INTO item (id) VALUES (1)");
			}
			first.commit();
			// first stays in manual-commit mode but has no work in progress: second may write at once.
			second.setAutoCommit(false);
			try (var statement = second.createStatement()) {
				statement.executeUpdate("INSERT INTO item (id) VALUES (2)");
			}
			second.commit();
			second.setAutoCommit(true);
			first.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 2);
	}

}
