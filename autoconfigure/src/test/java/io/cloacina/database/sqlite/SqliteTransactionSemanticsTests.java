package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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


	@Test
	void savepointsSetBeforeTheFirstStatementBehaveAsInSqlite() throws Exception {
		open("sqlite://" + this.directory.resolve("sp.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			// Set before anything ran: no SQLite transaction and no writer slot yet.
			Savepoint outer = connection.setSavepoint("outer");
			Savepoint inner = connection.setSavepoint();
			connection.rollback(inner);
			connection.releaseSavepoint(inner);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connection.rollback(inner))
				.withMessageContaining("no such savepoint");
			execute(connection, "INSERT INTO item (id) VALUES (1)");
			Savepoint second = connection.setSavepoint("second");
			execute(connection, "INSERT INTO item (id) VALUES (2)");
			connection.rollback(second);
			execute(connection, "INSERT INTO item (id) VALUES (3)");
			connection.releaseSavepoint(outer);
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(1, 3);
	}

	@Test
	void rollingBackToASavepointSetBeforeTheFirstStatementUndoesEverything() throws Exception {
		open("sqlite://" + this.directory.resolve("sp2.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			Savepoint start = connection.setSavepoint("start");
			execute(connection, "INSERT INTO item (id) VALUES (1)");
			connection.rollback(start);
			execute(connection, "INSERT INTO item (id) VALUES (2)");
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(2);
	}

	@Test
	void theIsolationLevelsOfJdbcAreAcceptedAndAnythingElseIsRefused() throws Exception {
		open("sqlite://" + this.directory.resolve("iso.db"));
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
			for (int level : new int[] { Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
					Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE }) {
				connection.setTransactionIsolation(level);
				assertThat(connection.getTransactionIsolation()).isEqualTo(level);
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connection.setTransactionIsolation(Connection.TRANSACTION_NONE))
				.withMessageContaining("Transaction isolation level 0 is not supported by SQLite")
				.withMessageContaining("TRANSACTION_SERIALIZABLE");
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connection.setTransactionIsolation(42))
				.withMessageContaining("level 42");
			assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
		}
	}

	@Test
	void readUncommittedLetsAReaderOfASharedCacheDatabaseSeeAnOpenWrite() throws Exception {
		open(CloacinaDataSource.builder(DatabaseUrl.parse("sqlite::memory:")));
		this.dataSource.setMaximumPoolSize(2);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection writer = this.dataSource.getConnection(); Connection reader = this.dataSource.getConnection()) {
			writer.setAutoCommit(false);
			execute(writer, "INSERT INTO item (id) VALUES (1)");
			reader.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
			try (var statement = reader.createStatement(); var rows = statement.executeQuery("SELECT count(*) FROM item")) {
				rows.next();
				assertThat(rows.getInt(1)).as("the uncommitted row, read without a table lock").isOne();
			}
			writer.rollback();
			writer.setAutoCommit(true);
		}
	}

	@Test
	void afterSqliteRolledTheTransactionBackNothingRunsOutsideItAndNothingOfItIsWritten() throws Exception {
		open("sqlite://" + this.directory.resolve("failed.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "INSERT INTO item (id) VALUES (1)");
			SqliteTransactionStateTableTests.interruptAWrite(connection);
			// Without the FAILED state this insert would run in SQLite's auto-commit mode and be written
			// at once, whatever the caller does next.
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> execute(connection, "INSERT INTO item (id) VALUES (2)"))
				.withMessageContaining("rolled back by SQLite")
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25P02"));
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit)
				.withMessageContaining("nothing of it was written");
			// The commit that failed ended the transaction: the connection goes on.
			execute(connection, "INSERT INTO item (id) VALUES (3)");
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class)).containsExactly(3);
	}

	@Test
	void aCommitThatFailsWroteNothingAndFreesTheWriterSlot() throws Exception {
		open("sqlite://" + this.directory.resolve("fk.db"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
		jdbc.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, "
				+ "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			execute(connection, "INSERT INTO child (id, parent_id) VALUES (1, 42)");
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit)
				.withMessageContaining("FOREIGN KEY");
			SqliteWriteGate gate = this.dataSource.unwrap(SqliteConnectionFactory.class).gate();
			assertThat(gate.holder()).isNull();
			execute(connection, "INSERT INTO parent (id) VALUES (7)");
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM child", Integer.class)).isZero();
		assertThat(jdbc.queryForList("SELECT id FROM parent", Integer.class)).containsExactly(7);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (var statement = connection.createStatement()) {
			statement.executeUpdate(sql);
		}
	}

}
