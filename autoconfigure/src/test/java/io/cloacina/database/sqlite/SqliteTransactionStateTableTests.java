package io.cloacina.database.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.cloacina.database.sqlite.SqliteTransaction.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * The SQLite transaction state machine as a table: for every state and every JDBC call, the state
 * afterwards, whether the call throws, and what another connection sees: the rows committed and
 * whether the database's write lock is free. Runs against a real SQLite file, one fresh connection
 * per row, without a pool.
 * <p>
 * {@code !STATE} means the call throws and leaves the connection in {@code STATE}. In every state
 * but {@code WRITING} SQLite's write lock must be free, and the writer slot too but in
 * {@code LENT}, where a transaction that lent the slot to a writer on its own thread got it back.
 */
class SqliteTransactionStateTableTests {

	@TempDir
	Path directory;

	private SqliteConnectionFactory factory;

	private Connection observer;

	@BeforeEach
	void createDatabase() throws SQLException {
		Path file = this.directory.resolve("states.db");
		Properties properties = new Properties();
		properties.setProperty("journal_mode", "WAL");
		properties.setProperty("busy_timeout", "2000");
		this.factory = new SqliteConnectionFactory("jdbc:sqlite:" + file, properties, 2_000, false);
		try (Connection connection = this.factory.getConnection(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("CREATE TABLE item (id INTEGER PRIMARY KEY)");
		}
		// A plain sqlite-jdbc connection that never waits: it sees what is committed and whether the
		// write lock is free right now.
		Properties noWait = new Properties();
		noWait.setProperty("busy_timeout", "0");
		this.observer = DriverManager.getConnection("jdbc:sqlite:" + file, noWait);
	}

	@AfterEach
	void close() throws SQLException {
		this.observer.close();
		this.factory.close();
	}

	@ParameterizedTest(name = "{0} + {1} -> {2}, committed [{3}]")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			AUTOCOMMIT | autoCommitOff   | PENDING     | -
			AUTOCOMMIT | autoCommitOn    | AUTOCOMMIT  | -
			AUTOCOMMIT | execute         | AUTOCOMMIT  | 100
			AUTOCOMMIT | executePrepared | AUTOCOMMIT  | 100
			AUTOCOMMIT | commit          | !AUTOCOMMIT | -
			AUTOCOMMIT | rollback        | !AUTOCOMMIT | -
			AUTOCOMMIT | savepoint       | !AUTOCOMMIT | -
			AUTOCOMMIT | readOnlyOn      | AUTOCOMMIT  | -
			AUTOCOMMIT | readOnlyOff     | AUTOCOMMIT  | -
			AUTOCOMMIT | close           | CLOSED      | -
			AUTOCOMMIT | abort           | CLOSED      | -
			PENDING    | autoCommitOff   | PENDING     | -
			PENDING    | autoCommitOn    | AUTOCOMMIT  | -
			PENDING    | execute         | WRITING     | -
			PENDING    | executePrepared | WRITING     | -
			PENDING    | commit          | PENDING     | -
			PENDING    | rollback        | PENDING     | -
			PENDING    | savepoint       | PENDING     | -
			PENDING    | readOnlyOn      | PENDING     | -
			PENDING    | readOnlyOff     | PENDING     | -
			PENDING    | close           | CLOSED      | -
			PENDING    | abort           | CLOSED      | -
			READING    | autoCommitOff   | READING     | -
			READING    | autoCommitOn    | AUTOCOMMIT  | -
			READING    | execute         | !READING    | -
			READING    | executePrepared | !READING    | -
			READING    | commit          | PENDING     | -
			READING    | rollback        | PENDING     | -
			READING    | savepoint       | READING     | -
			READING    | readOnlyOn      | READING     | -
			READING    | readOnlyOff     | !READING    | -
			READING    | close           | CLOSED      | -
			READING    | abort           | CLOSED      | -
			WRITING    | autoCommitOff   | WRITING     | -
			WRITING    | autoCommitOn    | AUTOCOMMIT  | 1
			WRITING    | execute         | WRITING     | -
			WRITING    | executePrepared | WRITING     | -
			WRITING    | commit          | PENDING     | 1
			WRITING    | rollback        | PENDING     | -
			WRITING    | savepoint       | WRITING     | -
			WRITING    | readOnlyOn      | !WRITING    | -
			WRITING    | readOnlyOff     | WRITING     | -
			WRITING    | close           | CLOSED      | -
			WRITING    | abort           | CLOSED      | -
			LENT       | autoCommitOff   | LENT        | 2
			LENT       | autoCommitOn    | AUTOCOMMIT  | 2
			LENT       | execute         | WRITING     | 2
			LENT       | executePrepared | WRITING     | 2
			LENT       | commit          | PENDING     | 2
			LENT       | rollback        | PENDING     | 2
			LENT       | savepoint       | WRITING     | 2
			LENT       | readOnlyOn      | !LENT       | 2
			LENT       | readOnlyOff     | LENT        | 2
			LENT       | close           | CLOSED      | 2
			LENT       | abort           | CLOSED      | 2
			FAILED     | autoCommitOff   | FAILED      | -
			FAILED     | autoCommitOn    | !AUTOCOMMIT | -
			FAILED     | execute         | !FAILED     | -
			FAILED     | executePrepared | !FAILED     | -
			FAILED     | commit          | !PENDING    | -
			FAILED     | rollback        | PENDING     | -
			FAILED     | savepoint       | !FAILED     | -
			FAILED     | readOnlyOn      | FAILED      | -
			FAILED     | readOnlyOff     | FAILED      | -
			FAILED     | close           | CLOSED      | -
			FAILED     | abort           | CLOSED      | -
			CLOSED     | autoCommitOff   | !CLOSED     | -
			CLOSED     | autoCommitOn    | !CLOSED     | -
			CLOSED     | execute         | !CLOSED     | -
			CLOSED     | executePrepared | !CLOSED     | -
			CLOSED     | commit          | !CLOSED     | -
			CLOSED     | rollback        | !CLOSED     | -
			CLOSED     | savepoint       | !CLOSED     | -
			CLOSED     | readOnlyOn      | !CLOSED     | -
			CLOSED     | readOnlyOff     | !CLOSED     | -
			CLOSED     | close           | CLOSED      | -
			CLOSED     | abort           | CLOSED      | -
			""")
	void transition(State from, Call call, String expected, String committed) throws Exception {
		SqliteSingleWriterConnection connection = (SqliteSingleWriterConnection) this.factory.getConnection();
		PreparedStatement preparedEarlier = connection.prepareStatement("INSERT INTO item (id) VALUES (100)");
		try {
			enter(connection, from);
			assertThat(connection.transaction().state()).isEqualTo(from);
			boolean throwsExpected = expected.startsWith("!");
			State next = State.valueOf(expected.substring(throwsExpected ? 1 : 0));
			if (throwsExpected) {
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> call.apply(connection, preparedEarlier));
			}
			else {
				call.apply(connection, preparedEarlier);
			}
			assertThat(connection.transaction().state()).isEqualTo(next);
			// A lent transaction that got the slot back holds it, but nothing in SQLite until it resumes.
			assertWriterSlot(connection, next == State.WRITING || next == State.LENT, next == State.WRITING);
			List<Integer> expectedRows = (committed != null)
					? Stream.of(committed.split(" ")).map(Integer::valueOf).toList() : List.of();
			assertThat(committedRows()).isEqualTo(expectedRows);
		}
		finally {
			connection.close();
		}
		// Whatever happened, closing gives everything back.
		assertWriterSlot(connection, false, false);
	}

	private void enter(SqliteSingleWriterConnection connection, State state) throws Exception {
		switch (state) {
			case AUTOCOMMIT -> {
			}
			case PENDING -> connection.setAutoCommit(false);
			case READING -> {
				connection.setReadOnly(true);
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.executeQuery("SELECT count(*) FROM item").close();
				}
			}
			case WRITING -> {
				connection.setAutoCommit(false);
				insert(connection, 1);
			}
			case LENT -> {
				// Reads, then a writer on the same thread borrows the slot, commits and gives it back.
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.executeQuery("SELECT count(*) FROM item").close();
				}
				try (Connection nested = this.factory.getConnection()) {
					nested.setAutoCommit(false);
					insert(nested, 2);
					nested.commit();
					nested.setAutoCommit(true);
				}
			}
			case FAILED -> {
				connection.setAutoCommit(false);
				insert(connection, 1);
				interruptAWrite(connection);
			}
			case CLOSED -> connection.close();
		}
	}

	/** Interrupts an INSERT inside the transaction: SQLite then rolls the whole transaction back. */
	static void interruptAWrite(Connection connection) throws SQLException {
		SQLiteConnection driver = connection.unwrap(SQLiteConnection.class);
		ProgressHandler.setHandler(driver, 100, new ProgressHandler() {
			@Override
			protected int progress() {
				return 1;
			}
		});
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO item (id) WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL "
					+ "SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n");
			fail("The insert was not interrupted");
		}
		catch (SQLException expected) {
			assertThat(expected.getMessage()).contains("SQLITE_INTERRUPT");
		}
		finally {
			ProgressHandler.clearHandler(driver);
		}
	}

	private void assertWriterSlot(SqliteSingleWriterConnection connection, boolean slotHeld, boolean held)
			throws SQLException {
		SqliteWriteGate gate = this.factory.gate();
		assertThat(gate.holder()).isEqualTo(slotHeld ? connection.transaction() : null);
		assertThat(gate.availablePermits()).isEqualTo(slotHeld ? 0 : 1);
		boolean lockFree;
		try (Statement statement = this.observer.createStatement()) {
			statement.execute("BEGIN IMMEDIATE");
			statement.execute("ROLLBACK");
			lockFree = true;
		}
		catch (SQLException ex) {
			assertThat(ex.getMessage()).contains("SQLITE_BUSY");
			lockFree = false;
		}
		assertThat(lockFree).as("SQLite's write lock is free").isEqualTo(!held);
	}

	private List<Integer> committedRows() throws SQLException {
		List<Integer> ids = new ArrayList<>();
		try (Statement statement = this.observer.createStatement();
				var rows = statement.executeQuery("SELECT id FROM item ORDER BY id")) {
			while (rows.next()) {
				ids.add(rows.getInt(1));
			}
		}
		return ids;
	}

	private static void insert(Connection connection, int id) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
		}
	}

	/** The JDBC calls of the table. */
	enum Call {

		autoCommitOff((connection, prepared) -> connection.setAutoCommit(false)),

		autoCommitOn((connection, prepared) -> connection.setAutoCommit(true)),

		execute((connection, prepared) -> insert(connection, 100)),

		executePrepared((connection, prepared) -> prepared.executeUpdate()),

		commit((connection, prepared) -> connection.commit()),

		rollback((connection, prepared) -> connection.rollback()),

		savepoint((connection, prepared) -> connection.setSavepoint("sp")),

		readOnlyOn((connection, prepared) -> connection.setReadOnly(true)),

		readOnlyOff((connection, prepared) -> connection.setReadOnly(false)),

		close((connection, prepared) -> connection.close()),

		abort((connection, prepared) -> connection.abort(Runnable::run));

		private final JdbcCall call;

		Call(JdbcCall call) {
			this.call = call;
		}

		void apply(Connection connection, PreparedStatement prepared) throws SQLException {
			this.call.apply(connection, prepared);
		}

	}

	@FunctionalInterface
	interface JdbcCall {

		void apply(Connection connection, PreparedStatement prepared) throws SQLException;

	}

}
