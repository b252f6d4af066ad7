package io.cloacina.compatibility.jooq;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

/**
 * jOOQ through Spring Boot's {@link DSLContext} on the starter's data source: the right jOOQ dialect
 * for each backend, Spring's transactions, and the same Spring exception for the same failure as
 * through {@code JdbcTemplate}, translated by the starter.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JooqOnBothBackendsTests {

	@TempDir
	java.nio.file.Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void queriesTransactionsAndErrorsWorkAsOnJdbc(String backend) {
		try (ConfigurableApplicationContext context = start(backend, url(backend))) {
			DSLContext jooq = context.getBean(DSLContext.class);
			assertThat(jooq.dialect()).isEqualTo(backend.equals("sqlite") ? SQLDialect.SQLITE : SQLDialect.POSTGRES);
			createTable(jooq);
			jooq.insertInto(table("item"), field("id"), field("code"), field("quantity")).values(1, "a", 1).execute();
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> transactions.executeWithoutResult(
					(status) -> {
						jooq.insertInto(table("item"), field("id"), field("code"), field("quantity"))
							.values(2, "b", 1)
							.execute();
						throw new IllegalStateException("roll back");
					}));
			assertThat(jooq.fetchCount(table("item"))).isOne();
			assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> jooq
				.insertInto(table("item"), field("id"), field("code"), field("quantity"))
				.values(3, "a", 1)
				.execute());
			assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> jooq
				.insertInto(table("item"), field("id"), field("code"), field("quantity"))
				.values(4, "d", -1)
				.execute());
			assertThatExceptionOfType(BadSqlGrammarException.class)
				.isThrownBy(() -> jooq.fetch("SELECT missing FROM item"));
			// Translated by the starter only: Spring's default leaves a read-only transaction's refusal
			// (SQLState 25006 on both backends) uncategorized.
			TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
			readOnly.setReadOnly(true);
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> readOnly.executeWithoutResult((status) -> jooq
					.insertInto(table("item"), field("id"), field("code"), field("quantity"))
					.values(5, "e", 1)
					.execute()));
		}
	}

	@Test
	void aRowLockTimeoutOnPostgresqlIsCannotAcquireLock() throws Exception {
		String url = TestPostgres.createDatabase();
		// PostgreSQL's lock_timeout error (55P03) is one Spring's default translation leaves uncategorized.
		try (ConfigurableApplicationContext context = start("postgresql", url,
				"cloacina.database.properties.options=-c lock_timeout=200")) {
			DSLContext jooq = context.getBean(DSLContext.class);
			createTable(jooq);
			jooq.insertInto(table("item"), field("id"), field("code"), field("quantity")).values(1, "a", 1).execute();
			String jdbcUrl = "jdbc:postgresql://localhost:" + TestPostgres.server().getPort() + "/"
					+ url.substring(url.lastIndexOf('/') + 1);
			try (Connection holder = DriverManager.getConnection(jdbcUrl, "postgres", "");
					Statement statement = holder.createStatement()) {
				holder.setAutoCommit(false);
				statement.executeUpdate("UPDATE item SET quantity = 2 WHERE id = 1");
				assertThatExceptionOfType(CannotAcquireLockException.class).isThrownBy(
						() -> jooq.update(table("item")).set(field("quantity"), 3).where(field("id").eq(1)).execute());
				holder.rollback();
			}
		}
	}

	private static void createTable(DSLContext jooq) {
		jooq.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, code VARCHAR(20) UNIQUE NOT NULL, "
				+ "quantity INTEGER CHECK (quantity > 0))");
	}

	private String url(String backend) {
		return backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("jooq.db") : TestPostgres.createDatabase();
	}

	private ConfigurableApplicationContext start(String backend, String url, String... properties) {
		return new SpringApplicationBuilder(JooqApplication.class).web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url)
			.properties(properties)
			.run();
	}

}
