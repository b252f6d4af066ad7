package io.cloacina.database.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Real errors provoked on a SQLite file, shared in-memory SQLite and PostgreSQL reach the caller as
 * the same Spring {@code DataAccessException} type on every backend, through Spring Boot's own
 * {@link JdbcTemplate}, {@link NamedParameterJdbcTemplate}, {@link JdbcClient} and transaction
 * manager.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteExceptionTranslatorIntegrationTests {

	private static final String LONG_QUERY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
			+ "WHERE x < 1000000000) SELECT count(*) FROM c";

	private final ApplicationContextRunner runner = StarterContextRunner.create();

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void duplicatePrimaryKeyAndDuplicateUniqueColumnAreDuplicateKeyException(TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			createTables(jdbc);
			jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)");
			String duplicateId = "INSERT INTO parent (id, code, name, quantity) VALUES (1, 'b', 'second', 1)";
			DuplicateKeyException duplicateId1 = catchThrowableOfType(DuplicateKeyException.class,
					() -> jdbc.update(duplicateId));
			// Spring's usual message (task; SQL [...]; driver message) and the driver's exception as cause.
			assertThat(duplicateId1).hasMessageStartingWith("StatementCallback; SQL [" + duplicateId + "]; ")
				.cause()
				.isInstanceOf(SQLException.class);
			if (database.backend() == DatabaseBackend.SQLITE) {
				assertThat(((SQLiteException) duplicateId1.getCause()).getResultCode())
					.isEqualTo(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
			}
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> context.getBean(NamedParameterJdbcTemplate.class)
					.update("INSERT INTO parent (id, code, name, quantity) VALUES (:id, 'c', 'third', 1)",
							Map.of("id", 1)));
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> context.getBean(JdbcClient.class)
					.sql("INSERT INTO parent (id, code, name, quantity) VALUES (?, ?, 'fourth', 1)")
					.params(2, "a")
					.update())
				.withMessageContaining("INSERT INTO parent");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM parent", Integer.class)).isOne();
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void notNullCheckAndForeignKeyViolationsAreDataIntegrityViolationException(TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			JdbcClient client = context.getBean(JdbcClient.class);
			createTables(jdbc);
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', NULL, 1)"))
				.isExactlyInstanceOf(DataIntegrityViolationException.class);
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> client.sql("INSERT INTO parent (id, code, name, quantity) VALUES (?, ?, ?, ?)")
					.params(2, "b", "x", -1)
					.update())
				.isExactlyInstanceOf(DataIntegrityViolationException.class);
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> jdbc.update("INSERT INTO child (id, parent_id) VALUES (1, 99)"))
				.isExactlyInstanceOf(DataIntegrityViolationException.class);
			// A value of the wrong type for an integer key: SQLITE_MISMATCH, PostgreSQL 22P02.
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> jdbc
					.update("INSERT INTO parent (id, code, name, quantity) VALUES ('abc', 'c', 'x', 1)"))
				.isExactlyInstanceOf(DataIntegrityViolationException.class);
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aForeignKeyViolationFoundAtCommitComesFromTheTransactionManagerAsDataIntegrityViolation(
			TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			createTables(jdbc);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			// The constraint is deferred: the INSERT succeeds, the COMMIT fails.
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> transactions.executeWithoutResult(
						(status) -> jdbc.update("INSERT INTO late_child (id, parent_id) VALUES (1, 99)")))
				.isExactlyInstanceOf(DataIntegrityViolationException.class)
				.withMessageStartingWith("JDBC commit; ");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM late_child", Integer.class)).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void badSqlMissingTableAndMissingColumnAreBadSqlGrammarException(TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			createTables(jdbc);
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(() -> jdbc.execute("SELEC 1"))
				.satisfies((ex) -> assertThat(ex.getSql()).isEqualTo("SELEC 1"));
			assertThatExceptionOfType(BadSqlGrammarException.class)
				.isThrownBy(() -> jdbc.queryForList("SELECT id FROM no_such_table"));
			assertThatExceptionOfType(BadSqlGrammarException.class)
				.isThrownBy(() -> context.getBean(JdbcClient.class)
					.sql("SELECT no_such_column FROM parent")
					.query()
					.listOfRows());
			assertThatExceptionOfType(BadSqlGrammarException.class)
				.isThrownBy(() -> jdbc.execute("CREATE TABLE parent (id INTEGER)"));
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aRowLockedByAnotherTransactionIsCannotAcquireLockException(TestDatabase database) throws Exception {
		String url = database.createUrl(this.directory);
		String waitSetting = switch (database) {
			// The starter's pool waits 200 ms for the other writer, then SQLITE_BUSY.
			case SQLITE_FILE -> "cloacina.database.properties.busy_timeout=200";
			// Shared-cache locks never wait (SQLITE_LOCKED); two pooled connections to have a second one.
			case SQLITE_MEMORY -> "cloacina.database.hikari.maximum-pool-size=2";
			// PostgreSQL waits 200 ms for the row lock, then 55P03.
			case POSTGRESQL -> "cloacina.database.properties.options=-c lock_timeout=200";
		};
		this.runner.withPropertyValues("cloacina.database.url=" + url, waitSetting).run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			createTables(jdbc);
			jdbc.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)");
			try (Connection holder = openHolder(database, url, context.getBean(DataSource.class))) {
				// Another transaction writes the row and stays open.
				execute(holder, (database == TestDatabase.SQLITE_FILE) ? "BEGIN IMMEDIATE" : "BEGIN");
				execute(holder, "UPDATE parent SET name = 'held' WHERE id = 1");
				long start = System.nanoTime();
				assertThatExceptionOfType(CannotAcquireLockException.class)
					.isThrownBy(() -> jdbc.update("UPDATE parent SET name = 'mine' WHERE id = 1"));
				assertThatExceptionOfType(CannotAcquireLockException.class)
					.isThrownBy(() -> context.getBean(JdbcClient.class)
						.sql("UPDATE parent SET quantity = ? WHERE id = 1")
						.param(5)
						.update());
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
				execute(holder, "ROLLBACK");
			}
			assertThat(jdbc.queryForObject("SELECT name FROM parent WHERE id = 1", String.class)).isEqualTo("first");
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aWriteInAReadOnlyTransactionIsPermissionDeniedDataAccessException(TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			createTables(jdbc);
			TransactionTemplate readOnly = new TransactionTemplate(
					context.getBean(TransactionTemplate.class).getTransactionManager());
			readOnly.setReadOnly(true);
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> readOnly.executeWithoutResult((status) -> jdbc
					.update("INSERT INTO parent (id, code, name, quantity) VALUES (1, 'a', 'first', 1)")));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM parent", Integer.class)).isZero();
		});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void aStatementCancelledFromAnotherThreadIsQueryTimeoutException(TestDatabase database) {
		run(database, (context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			ExecutorService canceller = Executors.newSingleThreadExecutor();
			AtomicBoolean done = new AtomicBoolean();
			try {
				assertThatExceptionOfType(QueryTimeoutException.class)
					.isThrownBy(() -> jdbc.execute((StatementCallback<Long>) (statement) -> {
						// Cancel until it takes: a cancel that arrives before the query starts is lost.
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
						try (ResultSet result = statement.executeQuery(LONG_QUERY)) {
							result.next();
							return result.getLong(1);
						}
					}));
			}
			finally {
				done.set(true);
				canceller.shutdownNow();
			}
		});
	}

	private void run(TestDatabase database, ContextConsumer<AssertableApplicationContext> test) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory)).run(test);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Connection openHolder(TestDatabase database, String url, DataSource dataSource)
			throws SQLException {
		if (database == TestDatabase.SQLITE_FILE) {
			// Another SQLite connection to the same file, outside the starter's pool and writer gate.
			return DriverManager.getConnection("jdbc:sqlite:" + url.substring("sqlite://".length()));
		}
		return dataSource.getConnection();
	}

	static void createTables(JdbcTemplate jdbc) {
		jdbc.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, code VARCHAR(20) UNIQUE, "
				+ "name VARCHAR(50) NOT NULL, quantity INTEGER CHECK (quantity > 0))");
		jdbc.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))");
		jdbc.execute("CREATE TABLE late_child (id INTEGER PRIMARY KEY, "
				+ "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)");
	}

	private static <T extends Throwable> T catchThrowableOfType(Class<T> type, Runnable action) {
		try {
			action.run();
		}
		catch (Throwable ex) {
			assertThat(ex).isInstanceOf(type);
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
