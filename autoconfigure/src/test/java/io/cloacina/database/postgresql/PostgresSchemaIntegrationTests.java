package io.cloacina.database.postgresql;

import java.sql.SQLException;

import io.cloacina.database.AnyConnection;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.DataSourceTestSupport;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code cloacina.database.schema}: validated, created if missing, set on every connection, and a
 * connection that cannot be put into it is refused rather than left on {@code public}.
 */
class PostgresSchemaIntegrationTests extends DataSourceTestSupport {

	@Test
	void schemaIsCreatedAndEveryConnectionUsesIt() throws SQLException {
		String url = TestPostgres.createDatabase();
		open(CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema("tenant_a"));
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("tenant_a");
		assertThat(jdbc.queryForObject("SHOW search_path", String.class)).isEqualTo("tenant_a, public");
		jdbc.execute("CREATE TABLE job (id INTEGER)");
		assertThat(jdbc.queryForObject(
				"SELECT table_schema FROM information_schema.tables WHERE table_name = 'job'", String.class))
			.isEqualTo("tenant_a");
		// Every pooled connection, not just the first.
		try (AnyConnection a = this.dataSource.getAnyConnection(); AnyConnection b = this.dataSource.getAnyConnection()) {
			for (AnyConnection any : new AnyConnection[] { a, b }) {
				try (var statement = any.connection().createStatement();
						var result = statement.executeQuery("SELECT current_schema()")) {
					result.next();
					assertThat(result.getString(1)).isEqualTo("tenant_a");
				}
			}
		}
	}

	@Test
	void connectionInitSqlOfTheApplicationRunsAfterTheSchemaSetUpNotInsteadOfIt() {
		String url = TestPostgres.createDatabase();
		open(CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema("tenant_a"));
		// As cloacina.database.hikari.connection-init-sql binds it: after the data source is built.
		this.dataSource.setConnectionInitSql("SET application_name = 'mine'");
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("tenant_a");
		assertThat(jdbc.queryForObject("SHOW application_name", String.class)).isEqualTo("mine");
	}

	@Test
	void connectionInitSqlFromThePropertiesAppliesWithTheSchema() {
		String url = TestPostgres.createDatabase();
		StarterContextRunner.create()
			.withPropertyValues("cloacina.database.url=" + url, "cloacina.database.schema=tenant_a",
					"cloacina.database.hikari.connection-init-sql=SET application_name = 'mine'")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("tenant_a");
				assertThat(jdbc.queryForObject("SHOW application_name", String.class)).isEqualTo("mine");
			});
	}

	@Test
	void twoTenantsInOneDatabaseAreIsolated() {
		String url = TestPostgres.createDatabase();
		open(CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema("tenant_a"));
		try (CloacinaDataSource other = CloacinaDataSource.builder(DatabaseUrl.parse(url)).schema("tenant_b").build()) {
			new JdbcTemplate(this.dataSource).execute("CREATE TABLE job (id INTEGER)");
			new JdbcTemplate(this.dataSource).update("INSERT INTO job VALUES (1)");
			new JdbcTemplate(other).execute("CREATE TABLE job (id INTEGER)");
			assertThat(new JdbcTemplate(other).queryForObject("SELECT count(*) FROM job", Integer.class)).isZero();
		}
	}

	@Test
	void connectionThatCannotUseTheSchemaIsRefused() {
		String url = TestPostgres.createDatabase();
		String database = url.substring(url.lastIndexOf('/') + 1);
		TestPostgres.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'outsider') THEN "
				+ "CREATE ROLE outsider LOGIN PASSWORD 'outsider-pw'; END IF; END $$");
		String superUser = TestPostgres.server().getJdbcUrl("postgres", database);
		try (var connection = java.sql.DriverManager.getConnection(superUser);
				var statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA locked");
			statement.execute("REVOKE CREATE ON DATABASE " + database + " FROM PUBLIC");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		// The schema exists but outsider has no USAGE on it: search_path would silently skip it.
		String outsiderUrl = url.replace("postgres@", "outsider:outsider-pw@");
		open(CloacinaDataSource.builder(DatabaseUrl.parse(outsiderUrl)).schema("locked"));
		this.dataSource.setConnectionTimeout(1_000);
		this.dataSource.setInitializationFailTimeout(-1);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection())
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("search_path could not be set to schema locked"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "public", "pg_catalog", "information_schema", "pg_temp", "PUBLIC", "pg_mine", "1abc",
			"a-b", "a b", "x\"; DROP TABLE y; --", "" })
	void invalidOrReservedSchemaNamesAreRejected(String schema) {
		DatabaseUrl url = DatabaseUrl.parse("postgres://localhost/db");
		if (schema.isEmpty()) {
			// Blank means "no schema": public, no error.
			assertThat(CloacinaDataSource.builder(url).schema(schema).build().getConnectionInitSql()).isNull();
			return;
		}
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(url).schema(schema).build())
			.withMessageContaining("The schema name '" + schema + "'");
	}

	@Test
	void tooLongSchemaNameIsRejected() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://localhost/db");
		assertThat(CloacinaDataSource.builder(url).schema("a".repeat(63)).build().getConnectionInitSql()).isNotNull();
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(url).schema("a".repeat(64)).build());
	}

	@Test
	void schemaWithSqliteIsAClearError() {
		assertThatExceptionOfType(DatabaseConfigurationException.class)
			.isThrownBy(() -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://app.db")).schema("tenant_a").build())
			.withMessageContaining("schemas exist only on PostgreSQL")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("separate SQLite database file"));
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		StringBuilder messages = new StringBuilder();
		while (cause != null) {
			messages.append(cause.getMessage()).append('\n');
			cause = cause.getCause();
		}
		return messages.toString();
	}

}
