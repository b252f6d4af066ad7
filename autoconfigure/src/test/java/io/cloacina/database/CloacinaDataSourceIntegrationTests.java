package io.cloacina.database;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.sqlite.SQLiteConnection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The same connection and round-trip tests on a SQLite file, shared in-memory SQLite and a real
 * PostgreSQL server.
 */
class CloacinaDataSourceIntegrationTests extends DataSourceTestSupport {

	private CloacinaDataSource create(TestDatabase database, Map<String, String> properties) {
		return open(CloacinaDataSource.builder(DatabaseUrl.parse(database.createUrl(this.directory)))
			.properties(properties));
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void roundTripThroughJdbcTemplateAndTransactions(TestDatabase database) {
		CloacinaDataSource dataSource = create(database, Map.of());
		assertThat(dataSource.getBackend()).isEqualTo(database.backend());
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		jdbc.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");
		transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO item (id, name) VALUES (?, ?)", 1, "one");
			jdbc.update("INSERT INTO item (id, name) VALUES (?, ?)", 2, "two");
		});
		assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO item (id, name) VALUES (?, ?)", 3, "three");
			throw new IllegalStateException("roll back");
		}));
		assertThat(jdbc.queryForList("SELECT name FROM item ORDER BY id", String.class)).containsExactly("one", "two");
		TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		Integer count = readOnly.execute((status) -> jdbc.queryForObject("SELECT count(*) FROM item", Integer.class));
		assertThat(count).isEqualTo(2);
		assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void anyConnectionTellsItsBackendAndUnwrapsToTheDriver(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = create(database, Map.of());
		new JdbcTemplate(dataSource).execute("CREATE TABLE line (text VARCHAR(20))");
		try (AnyConnection any = dataSource.getAnyConnection()) {
			assertThat(any.backend()).isEqualTo(database.backend());
			assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
			if (any instanceof AnyConnection.Postgres pg) {
				PGConnection driver = pg.pgConnection();
				long copied = driver.getCopyAPI().copyIn("COPY line (text) FROM STDIN", new StringReader("alpha\nbeta\n"));
				assertThat(copied).isEqualTo(2);
			}
			else if (any instanceof AnyConnection.Sqlite sqlite) {
				// The driver connection stays reachable through JDBC's unwrap, outside the write gate.
				assertThat(sqlite.connection().unwrap(SQLiteConnection.class).libversion()).startsWith("3.");
				try (var statement = sqlite.connection().createStatement()) {
					statement.executeUpdate("INSERT INTO line (text) VALUES ('alpha'), ('beta')");
				}
			}
		}
		assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM line", Integer.class))
			.isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void sqliteDefaultsTakeEffectOnTheLiveConnection(TestDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(create(database, Map.of()));
		String journalMode = (database == TestDatabase.SQLITE_FILE) ? "wal" : "memory";
		assertThat(jdbc.queryForObject("PRAGMA journal_mode", String.class)).isEqualTo(journalMode);
		assertThat(jdbc.queryForObject("PRAGMA synchronous", Integer.class)).isEqualTo(1); // NORMAL
		assertThat(jdbc.queryForObject("PRAGMA busy_timeout", Integer.class)).isEqualTo(30_000);
		assertThat(jdbc.queryForObject("PRAGMA foreign_keys", Integer.class)).isEqualTo(1);
		assertThat(this.dataSource.getMaximumPoolSize())
			.isEqualTo((database == TestDatabase.SQLITE_FILE) ? 10 : 1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = { "SQLITE_FILE", "SQLITE_MEMORY" })
	void sqliteSettingsCanBeOverridden(TestDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(create(database,
				Map.of("busy_timeout", "1234", "synchronous", "FULL", "foreign_keys", "false", "cache_size", "-4000")));
		assertThat(jdbc.queryForObject("PRAGMA busy_timeout", Integer.class)).isEqualTo(1234);
		assertThat(jdbc.queryForObject("PRAGMA synchronous", Integer.class)).isEqualTo(2); // FULL
		assertThat(jdbc.queryForObject("PRAGMA foreign_keys", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("PRAGMA cache_size", Integer.class)).isEqualTo(-4000);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
	void postgresDefaultsTakeEffectOnTheLiveConnection(TestDatabase database) {
		JdbcTemplate jdbc = new JdbcTemplate(create(database, Map.of()));
		assertThat(jdbc.queryForObject("SHOW application_name", String.class)).isEqualTo("cloacina");
		assertThat(jdbc.queryForObject("SHOW search_path", String.class)).isEqualTo("\"$user\", public");
		assertThat(this.dataSource.getPoolName()).isEqualTo("cloacina-postgresql");
		// reWriteBatchedInserts: the driver sends one multi-row INSERT and reports no per-row counts.
		jdbc.execute("CREATE TABLE item (id INTEGER)");
		int[] counts = jdbc.batchUpdate("INSERT INTO item (id) VALUES (?)",
				java.util.List.of(new Object[] { 1 }, new Object[] { 2 }, new Object[] { 3 }, new Object[] { 4 }));
		assertThat(counts).containsOnly(java.sql.Statement.SUCCESS_NO_INFO);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
	void postgresSettingsCanBeOverridden(TestDatabase database) {
		String url = database.createUrl(this.directory) + "?application_name=from-url&options=-c%20work_mem%3D8MB";
		open(CloacinaDataSource.builder(DatabaseUrl.parse(url))
			.properties(Map.of("ApplicationName", "from-properties", "reWriteBatchedInserts", "false")));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SHOW application_name", String.class)).isEqualTo("from-properties");
		assertThat(jdbc.queryForObject("SHOW work_mem", String.class)).isEqualTo("8MB");
		jdbc.execute("CREATE TABLE item (id INTEGER)");
		int[] counts = jdbc.batchUpdate("INSERT INTO item (id) VALUES (?)",
				java.util.List.of(new Object[] { 1 }, new Object[] { 2 }));
		assertThat(counts).containsOnly(1);
	}

	@ParameterizedTest
	@EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
	void unknownPostgresPropertyIsRejectedByName(TestDatabase database) {
		DatabaseUrl url = DatabaseUrl.parse(database.createUrl(this.directory));
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(url).properties(Map.of("rewriteBatchedInserts", "true")).build())
			.withMessageContaining("rewriteBatchedInserts");
	}

	@org.junit.jupiter.api.Test
	void missingDirectoriesOfASqliteFileAreCreated() {
		Path file = this.directory.resolve("nested/deeper/app.db");
		open("sqlite://" + file);
		new JdbcTemplate(this.dataSource).execute("CREATE TABLE t (id INTEGER)");
		assertThat(file).exists();
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void closingTheAnyConnectionReturnsItToThePool(TestDatabase database) throws Exception {
		CloacinaDataSource dataSource = create(database, Map.of());
		Connection first;
		try (AnyConnection any = dataSource.getAnyConnection()) {
			first = any.connection();
		}
		assertThat(first.isClosed()).isTrue();
		assertThat(dataSource.getHikariPoolMXBean().getIdleConnections()).isGreaterThanOrEqualTo(1);
	}

}
