package io.cloacina.database.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite errors carry the SQLState PostgreSQL gives for the same failure, so code that knows
 * nothing of the starter — a {@code new JdbcTemplate(dataSource)} with Spring's default
 * translation, a plain {@link JdbcTransactionManager}, jOOQ, a library's own translator — sees the
 * same exception on both backends. Every case runs on a SQLite file, in-memory SQLite and
 * PostgreSQL with the same SQL, and expects the same Spring exception and SQLState; on SQLite the
 * cause is still sqlite-jdbc's {@link SQLiteException} with its result code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteSqlStatesIntegrationTests extends DataSourceTestSupport {

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void constraintViolationsHaveTheSameStateAndExceptionOnEveryBackend(TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)");
		DuplicateKeyException duplicate = failure(DuplicateKeyException.class,
				() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'b', 'second', 1)"));
		assertState(duplicate, "23505");
		if (database.backend() == DatabaseBackend.SQLITE) {
			assertThat(duplicate.getCause()).isInstanceOf(SQLiteException.class);
			assertThat(((SQLiteException) duplicate.getCause()).getResultCode())
				.isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
			assertThat(((SQLException) duplicate.getCause()).getErrorCode()).isEqualTo(19);
		}
		assertState(failure(DuplicateKeyException.class,
				() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (2, 'a', 'second', 1)")), "23505");
		assertState(failure(DataIntegrityViolationException.class,
				() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (3, 'c', NULL, 1)")), "23502");
		assertState(failure(DataIntegrityViolationException.class,
				() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (4, 'd', 'x', -1)")), "23514");
		assertState(failure(DataIntegrityViolationException.class,
				() -> jdbc.update("INSERT INTO child (id, parent_id) VALUES (1, 99)")), "23503");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM parent", Integer.class)).isOne();
		// A batch: PostgreSQL reports the row's failure as the batch's next exception, SQLite directly.
		assertThat(failure(DuplicateKeyException.class,
				() -> jdbc.batchUpdate("INSERT INTO parent (id, code, name, quantity) VALUES (?, ?, 'b', 1)",
						List.of(new Object[] { 10, "x" }, new Object[] { 1, "y" }))))
			.isNotNull();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aForeignKeyViolationFoundAtCommitIsADataIntegrityViolationFromAPlainTransactionManager(
			TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		DataIntegrityViolationException atCommit = failure(DataIntegrityViolationException.class,
				() -> transactions.executeWithoutResult(
						(status) -> jdbc.update("INSERT INTO late_child (id, parent_id) VALUES (1, 99)")));
		assertThat(atCommit).hasMessageStartingWith("JDBC commit; ");
		assertState(atCommit, "23503");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM late_child", Integer.class)).isZero();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void mistakesInTheSqlTextAreBadSqlGrammarWithPostgresqlsStates(TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		assertState(failure(BadSqlGrammarException.class, () -> jdbc.execute("SELEC 1")), "42601");
		// Prepared statements fail when they are prepared.
		assertState(failure(BadSqlGrammarException.class, () -> jdbc.queryForList("SELECT id FROM no_such_table")),
				"42P01");
		assertState(failure(BadSqlGrammarException.class,
				() -> jdbc.queryForList("SELECT no_such_column FROM parent")), "42703");
		assertState(failure(BadSqlGrammarException.class, () -> jdbc.execute("CREATE TABLE parent (id INTEGER)")),
				"42P07");
		assertState(failure(BadSqlGrammarException.class, () -> jdbc.queryForList("SELECT no_such_function(1)")),
				"42883");
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aBadValueFoundWhileReadingIsADataIntegrityViolation(TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'not json', 1)");
		// The row is read, then its JSON parsed: the error comes while stepping through the result.
		String sql = (database.backend() == DatabaseBackend.SQLITE)
				? "SELECT json_extract(name, '$.a') FROM parent ORDER BY id"
				: "SELECT (name::json) ->> 'a' FROM parent ORDER BY id";
		DataIntegrityViolationException badJson = failure(DataIntegrityViolationException.class,
				() -> jdbc.queryForList(sql, String.class));
		assertThat(badJson.getCause()).isInstanceOf(SQLException.class);
		assertThat(((SQLException) badJson.getCause()).getSQLState()).startsWith("22");
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aCancelledStatementIsAQueryTimeout(TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		String longQuery = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
				+ "SELECT count(*) FROM c";
		ExecutorService canceller = Executors.newSingleThreadExecutor();
		AtomicBoolean done = new AtomicBoolean();
		try {
			QueryTimeoutException cancelled = failure(QueryTimeoutException.class,
					() -> jdbc.execute((StatementCallback<Long>) (statement) -> {
						canceller.execute(() -> {
							while (!done.get()) {
								sleep(100);
								try {
									statement.cancel();
								}
								catch (SQLException ex) {
									return;
								}
							}
						});
						try (ResultSet result = statement.executeQuery(longQuery)) {
							result.next();
							return result.getLong(1);
						}
					}));
			assertState(cancelled, "57014");
		}
		finally {
			done.set(true);
			canceller.shutdownNow();
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aWriteInAReadOnlyTransactionHasState25006(TestDatabase database) {
		JdbcTemplate jdbc = plainJdbcTemplate(database);
		TransactionTemplate readOnly = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		readOnly.setReadOnly(true);
		// Spring maps neither backend's 25006: the starter's translator does (PermissionDenied...).
		UncategorizedSQLException refused = failure(UncategorizedSQLException.class,
				() -> readOnly.executeWithoutResult((status) -> jdbc
					.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)")));
		assertState(refused, "25006");
	}

	@Test
	void aWriteLockHeldBeyondTheBusyTimeoutIsCannotAcquireLock() throws Exception {
		String url = TestDatabase.SQLITE_FILE.createUrl(this.directory);
		open(CloacinaDataSource.builder(DatabaseUrl.parse(url)).properties(java.util.Map.of("busy_timeout", "200")));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		createTables(jdbc);
		// Another process's writer, outside the pool and its writer slot: SQLite's own lock.
		try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + url.substring("sqlite://".length()));
				Statement statement = holder.createStatement()) {
			statement.execute("BEGIN IMMEDIATE");
			statement.execute("INSERT INTO parent (id, code, name, quantity) VALUES (7, 'h', 'held', 1)");
			assertState(failure(CannotAcquireLockException.class,
					() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)")),
					"40001");
			statement.execute("ROLLBACK");
		}
		// And a writer of this process that waits past the busy timeout for the writer ahead.
		try (Connection ahead = this.dataSource.getConnection()) {
			ahead.setAutoCommit(false);
			try (Statement statement = ahead.createStatement()) {
				statement.executeUpdate("INSERT INTO parent (id, code, name, quantity) VALUES (8, 'i', 'ahead', 1)");
			}
			java.util.concurrent.Future<?> waiter = Executors.newSingleThreadExecutor().submit(() -> {
				TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
				return failure(CannotAcquireLockException.class, () -> transactions.executeWithoutResult((status) -> jdbc
					.update("INSERT INTO parent (id, code, name, quantity) VALUES (2, 'b', 'second', 1)")));
			});
			assertState((DataAccessException) waiter.get(10, TimeUnit.SECONDS), "40001");
			ahead.rollback();
			ahead.setAutoCommit(true);
		}
	}

	private JdbcTemplate plainJdbcTemplate(TestDatabase database) {
		open(database);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		createTables(jdbc);
		return jdbc;
	}

	private static void createTables(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, code VARCHAR(20) UNIQUE, "
				+ "name VARCHAR(50) NOT NULL, quantity INTEGER CHECK (quantity > 0))");
		jdbc.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))");
		jdbc.execute("CREATE TABLE late_child (id INTEGER PRIMARY KEY, "
				+ "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
	}

	private static void assertState(DataAccessException failure, String state) {
		SQLException cause = (SQLException) failure.getCause();
		String actual = cause.getSQLState();
		if (actual == null && cause.getNextException() != null) {
			actual = cause.getNextException().getSQLState();
		}
		assertThat(actual).as("SQLState of %s", cause).isEqualTo(state);
	}

	private static <T extends Throwable> T failure(Class<T> type, Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			assertThat(ex).isExactlyInstanceOf(type);
			return type.cast(ex);
		}
		throw new AssertionError("Expected " + type.getName() + " but nothing was thrown");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
