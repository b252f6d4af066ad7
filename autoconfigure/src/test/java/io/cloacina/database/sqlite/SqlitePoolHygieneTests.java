package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.sqlite.SqliteTransaction.State;
import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Whatever a borrower did with a pooled SQLite connection, closing it does not throw, and the next
 * borrower of the same physical connection (a pool of one) gets it clean: the pool's auto-commit
 * setting, read-write, serializable, no transaction open, the writer slot free, nothing of the
 * unfinished work written. HikariCP resets what it saw change, in its own order (rollback if
 * statements ran, then read-only, auto-commit, isolation), and the connection's state machine must
 * accept that sequence from every state.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqlitePoolHygieneTests extends DataSourceTestSupport {

	static Stream<Arguments> borrowers() {
		return Stream.of(Borrower.values())
			.flatMap((borrower) -> Stream.of(Arguments.of(borrower, true), Arguments.of(borrower, false)));
	}

	@ParameterizedTest(name = "{0}, pool auto-commit {1}")
	@MethodSource("borrowers")
	void theNextBorrowerGetsACleanConnection(Borrower borrower, boolean poolAutoCommit) throws Exception {
		CloacinaDataSource dataSource = open("sqlite://" + this.directory.resolve("hygiene.db"));
		dataSource.setMaximumPoolSize(1);
		dataSource.setAutoCommit(poolAutoCommit);
		try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
			statement.executeUpdate("CREATE TABLE item (id INTEGER PRIMARY KEY)");
			if (!poolAutoCommit) {
				setup.commit();
			}
		}
		Connection borrowed = dataSource.getConnection();
		SqliteSingleWriterConnection physical = borrowed.unwrap(SqliteSingleWriterConnection.class);
		borrower.use(borrowed);
		assertThatNoException().isThrownBy(borrowed::close);

		SqliteWriteGate gate = dataSource.unwrap(SqliteConnectionFactory.class).gate();
		assertThat(gate.holder()).isNull();
		assertThat(gate.availablePermits()).isOne();
		try (Connection next = dataSource.getConnection()) {
			assertThat(next.unwrap(SqliteSingleWriterConnection.class)).isSameAs(physical);
			assertThat(physical.transaction().state()).isEqualTo(poolAutoCommit ? State.AUTOCOMMIT : State.PENDING);
			assertThat(next.getAutoCommit()).isEqualTo(poolAutoCommit);
			assertThat(next.isReadOnly()).isFalse();
			assertThat(next.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
			try (Statement statement = next.createStatement()) {
				statement.executeUpdate("INSERT INTO item (id) VALUES (99)");
			}
			if (!poolAutoCommit) {
				next.commit();
			}
		}
		// Nothing the borrower left unfinished was written; what it committed was.
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		assertThat(jdbc.queryForList("SELECT id FROM item ORDER BY id", Integer.class))
			.containsExactlyElementsOf(borrower.committed(99));
	}

	/** What a borrower does before it closes the connection. */
	enum Borrower {

		/** Read-only, auto-commit off, nothing run: the case that threw "inside a transaction". */
		READ_ONLY_NOTHING_RUN {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setReadOnly(true);
				connection.setAutoCommit(false);
			}
		},

		READ_ONLY_READ_NOT_ENDED {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setReadOnly(true);
				connection.setAutoCommit(false);
				count(connection);
			}
		},

		WRITE_NOT_ENDED {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				insert(connection, 1);
			}
		},

		WRITE_COMMITTED_THEN_WRITE_NOT_ENDED {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				insert(connection, 1);
				connection.commit();
				insert(connection, 2);
			}

			@Override
			java.util.List<Integer> committed(int next) {
				return java.util.List.of(1, next);
			}
		},

		SAVEPOINT_ONLY {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				connection.setSavepoint("only");
			}
		},

		SAVEPOINT_THEN_WRITE_NOT_ENDED {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				connection.setSavepoint("first");
				insert(connection, 1);
				connection.setSavepoint("second");
				insert(connection, 2);
			}
		},

		ISOLATION_CHANGED {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
				connection.setAutoCommit(false);
				count(connection);
			}
		},

		STATEMENTS_AND_RESULTS_LEFT_OPEN {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				insert(connection, 1);
				PreparedStatement query = connection.prepareStatement("SELECT id FROM item");
				ResultSet rows = query.executeQuery();
				rows.next();
			}
		},

		TRANSACTION_ROLLED_BACK_BY_SQLITE {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(false);
				insert(connection, 1);
				SqliteTransactionStateTableTests.interruptAWrite(connection);
			}
		},

		READ_ONLY_AUTO_COMMIT_LEFT_ON {
			@Override
			void use(Connection connection) throws SQLException {
				connection.setAutoCommit(true);
				connection.setReadOnly(true);
				count(connection);
			}
		};

		abstract void use(Connection connection) throws SQLException;

		/** The ids on disk after the borrower, then the next borrower that writes {@code next}. */
		java.util.List<Integer> committed(int next) {
			return java.util.List.of(next);
		}

		static void insert(Connection connection, int id) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("INSERT INTO item (id) VALUES (" + id + ")");
			}
		}

		static void count(Connection connection) throws SQLException {
			try (Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT count(*) FROM item")) {
				rows.next();
			}
		}

	}

}
