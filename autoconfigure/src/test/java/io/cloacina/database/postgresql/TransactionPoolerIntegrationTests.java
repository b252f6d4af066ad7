package io.cloacina.database.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.TestPgBouncer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter behind a real PgBouncer in transaction mode ({@link TestPgBouncer}: fewer server
 * connections than clients, so every client's transactions run on sessions other clients used).
 * Without being told about the pooler, pgjdbc's named prepared statements break; told, prepared
 * statements work and nothing a client sets for its session reaches another client.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransactionPoolerIntegrationTests {

	private final List<CloacinaDataSource> dataSources = new ArrayList<>();

	@BeforeEach
	void requirePgBouncer() {
		TestPgBouncer.assumeAvailable();
	}

	@AfterEach
	void close() {
		this.dataSources.forEach(CloacinaDataSource::close);
	}

	private CloacinaDataSource open(String url, String schema) {
		CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema(schema).build();
		dataSource.setMaximumPoolSize(4);
		this.dataSources.add(dataSource);
		return dataSource;
	}

	/** Eight threads, each running the same prepared statement 40 times, through PgBouncer. */
	private List<Throwable> preparedStatementsOnEightThreads(JdbcTemplate jdbc) throws Exception {
		return Concurrently.run(8, Duration.ofSeconds(60), (thread) -> {
			for (int i = 0; i < 40; i++) {
				Integer value = jdbc.queryForObject("SELECT CAST(? AS INTEGER) + 1", Integer.class, i);
				assertThat(value).isEqualTo(i + 1);
			}
		});
	}

	@Test
	void withoutBeingToldPgjdbcsNamedPreparedStatementsBreakBehindThePooler() throws Exception {
		// The failure the setting exists for, seen on this very PgBouncer: the other tests prove nothing
		// unless it happens here.
		JdbcTemplate jdbc = new JdbcTemplate(open(TestPgBouncer.createDatabase(), null));
		List<Throwable> errors = preparedStatementsOnEightThreads(jdbc);
		assertThat(errors).isNotEmpty();
		assertThat(errors).anySatisfy((error) -> assertThat(error).hasStackTraceContaining("prepared statement"));
	}

	@Test
	void toldByTheUrlParameterPreparedStatementsWork() throws Exception {
		CloacinaDataSource dataSource = open(TestPgBouncer.createDatabase() + "?pgbouncer=true", null);
		assertThat(dataSource.getPooler()).isEqualTo(ConnectionPooler.TRANSACTION);
		assertThat(preparedStatementsOnEightThreads(new JdbcTemplate(dataSource))).isEmpty();
	}

	@Test
	void toldByTheBuilderPreparedStatementsAndBatchesWork() throws Exception {
		CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(TestPgBouncer.createDatabase()))
			.pooler(ConnectionPooler.TRANSACTION)
			.build();
		this.dataSources.add(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT NOT NULL)");
		AtomicInteger ids = new AtomicInteger();
		List<Throwable> errors = Concurrently.run(8, Duration.ofSeconds(60), (thread) -> {
			for (int round = 0; round < 10; round++) {
				List<Object[]> rows = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					rows.add(new Object[] { ids.incrementAndGet(), "item " + thread });
				}
				jdbc.batchUpdate("INSERT INTO item (id, name) VALUES (?, ?)", rows);
			}
		});
		assertThat(errors).isEmpty();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM item", Integer.class)).isEqualTo(8 * 10 * 20);
	}

	@Test
	void twoTenantsInterleavedNeverSeeEachOthersTablesAndLeaveNoSessionState() throws Exception {
		String url = TestPgBouncer.createDatabase();
		JdbcTemplate tenantA = new JdbcTemplate(open(url + "?pgbouncer=true", "tenant_a"));
		JdbcTemplate tenantB = new JdbcTemplate(open(url + "?pgbouncer=true", "tenant_b"));
		for (var tenant : List.of(tenantA, tenantB)) {
			tenant.execute("CREATE TABLE whose (tenant TEXT NOT NULL)");
			tenant.update("INSERT INTO whose (tenant) VALUES (current_schema())");
		}
		tenantA.execute("CREATE TABLE only_a (id INTEGER)");
		ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
		List<Throwable> errors = Concurrently.run(8, Duration.ofSeconds(90), (thread) -> {
			boolean isA = thread % 2 == 0;
			JdbcTemplate jdbc = isA ? tenantA : tenantB;
			String expected = isA ? "tenant_a" : "tenant_b";
			TransactionTemplate transactions = new TransactionTemplate(
					new DataSourceTransactionManager(jdbc.getDataSource()));
			for (int i = 0; i < 60; i++) {
				// Auto-commit statements, then a transaction of several.
				seen.add(expected + " saw " + jdbc.queryForObject("SELECT tenant FROM whose", String.class));
				seen.add(expected + " saw " + transactions.execute((status) -> jdbc.queryForObject("SELECT current_schema()",
						String.class) + "," + jdbc.queryForObject("SELECT tenant FROM whose", String.class)));
				if (!isA) {
					assertThatException().isThrownBy(() -> jdbc.queryForObject("SELECT count(*) FROM only_a", Integer.class))
						.withMessageContaining("only_a");
				}
			}
		});
		assertThat(errors).isEmpty();
		assertThat(seen).hasSize(8 * 60 * 2)
			.allSatisfy((line) -> assertThat(line).matches("tenant_a saw tenant_a(,tenant_a)?|tenant_b saw tenant_b(,tenant_b)?"));
		// Every server session behind the pooler still has the server's own search path.
		for (int i = 0; i < 20; i++) {
			assertThat(TestPgBouncer.query(url, "SHOW search_path")).isEqualTo("\"$user\", public");
		}
	}

	@Test
	void anIsolationLevelAppliesToItsTransactionOnly() throws Exception {
		String url = TestPgBouncer.createDatabase();
		CloacinaDataSource dataSource = open(url + "?pgbouncer=true", null);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		TransactionTemplate serializable = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		List<String> inside = new ArrayList<>();
		List<String> outside = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			inside.add(serializable.execute((status) -> jdbc.queryForObject("SHOW transaction_isolation", String.class)));
			outside.add(jdbc.queryForObject("SHOW transaction_isolation", String.class));
			outside.add(TestPgBouncer.query(url, "SHOW transaction_isolation"));
		}
		assertThat(inside).containsOnly("serializable");
		assertThat(outside).containsOnly("read committed");
	}

	@Test
	void aSchemaSetOnAConnectionAppliesToItsTransactionsOnly() throws Exception {
		String url = TestPgBouncer.createDatabase();
		CloacinaDataSource dataSource = open(url + "?pgbouncer=true", null);
		new JdbcTemplate(dataSource).execute("CREATE SCHEMA other");
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.getSchema()).isEqualTo("public");
			connection.setSchema("other");
			assertThat(connection.getSchema()).isEqualTo("other");
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("other");
			connection.setAutoCommit(false);
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("other");
			connection.commit();
			for (int i = 0; i < 10; i++) {
				assertThat(TestPgBouncer.query(url, "SELECT current_schema()")).isEqualTo("public");
			}
			connection.setSchema("public");
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("public");
		}
	}

	@Test
	void aSearchPathSetForTheSessionInSqlStaysWithTheConnectionNotWithAServerSession() throws Exception {
		String url = TestPgBouncer.createDatabase();
		CloacinaDataSource dataSource = open(url + "?pgbouncer=true", null);
		new JdbcTemplate(dataSource).execute("CREATE SCHEMA flyway_way; CREATE SCHEMA plain_way");
		try (Connection connection = dataSource.getConnection()) {
			// As Flyway sets and restores it.
			try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
				statement.setString(1, "flyway_way");
				statement.execute();
			}
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("flyway_way");
			assertThat(connection.getSchema()).isEqualTo("flyway_way");
			connection.setAutoCommit(false);
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("flyway_way");
			connection.commit();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET search_path TO plain_way, public");
			}
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("plain_way");
			for (int i = 0; i < 10; i++) {
				assertThat(TestPgBouncer.query(url, "SHOW search_path")).isEqualTo("\"$user\", public");
			}
			connection.setSchema("public");
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("public");
		}
	}

	@Test
	void readsWithAFetchSizeInAutoCommitModeGetEveryRow() throws Exception {
		CloacinaDataSource dataSource = open(TestPgBouncer.createDatabase() + "?pgbouncer=true", "tenant_a");
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT * FROM generate_series(1, 1000)")) {
			statement.setFetchSize(10);
			int rows = 0;
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows++;
				}
			}
			assertThat(rows).isEqualTo(1000);
			assertThat(statement.getFetchSize()).isEqualTo(10);
		}
	}

	@Test
	void aFailedAutoCommitStatementLeavesTheConnectionUsable() throws Exception {
		CloacinaDataSource dataSource = open(TestPgBouncer.createDatabase() + "?pgbouncer=true", "tenant_a");
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			assertThatException().isThrownBy(() -> statement.execute("SELECT * FROM missing_table"))
				.isInstanceOf(SQLException.class);
			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("tenant_a");
		}
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
