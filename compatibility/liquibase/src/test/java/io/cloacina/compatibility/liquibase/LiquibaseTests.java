package io.cloacina.compatibility.liquibase;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Liquibase 4.33 ({@code spring-boot-starter-liquibase}, with {@code liquibase.version} 4.33.0: Spring
 * Boot 4.0 manages Liquibase 5, whose licence is not open source) on the starter's data source, one
 * changelog for both backends, with {@code BIGINT} auto-increment ids. SQLite auto-increments only an
 * {@code INTEGER PRIMARY KEY} (its integers are 64-bit): the starter's Liquibase data type writes
 * such a column as {@code INTEGER} on SQLite.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiquibaseTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void changelogWithBigintAutoIncrementIdsRunsAndRowsGetIds(String backend) {
		String url = url(backend);
		try (ConfigurableApplicationContext context = start(url)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED", String.class))
				.containsExactly("1-customer-and-purchase", "2-first-customer");
			// The changelog's own insert got id 1; rows inserted without an id get the next ones.
			assertThat(jdbc.queryForObject("SELECT id FROM customer WHERE name = 'ada'", Long.class)).isEqualTo(1L);
			jdbc.update("INSERT INTO customer (name) VALUES (?)", "grace");
			jdbc.update("INSERT INTO customer (name) VALUES (?)", "edsger");
			assertThat(jdbc.queryForList("SELECT id FROM customer ORDER BY id", Long.class)).containsExactly(1L, 2L,
					3L);
			jdbc.update("INSERT INTO purchase (customer_id, amount) VALUES (?, ?)", 2L, new java.math.BigDecimal("9.50"));
			jdbc.update("INSERT INTO purchase (customer_id, amount) VALUES (?, ?)", 3L, new java.math.BigDecimal("1.25"));
			assertThat(jdbc.queryForList("SELECT id FROM purchase ORDER BY id", Long.class)).containsExactly(1L, 2L);
			// Ids beyond 32 bits, as BIGINT promises, on both backends.
			jdbc.update("INSERT INTO customer (id, name) VALUES (?, ?)", 5_000_000_000L, "big");
			assertThat(jdbc.queryForObject("SELECT id FROM customer WHERE name = 'big'", Long.class))
				.isEqualTo(5_000_000_000L);
			// The constraints of the changelog hold.
			assertThatExceptionOfType(DuplicateKeyException.class)
				.isThrownBy(() -> jdbc.update("INSERT INTO customer (name) VALUES (?)", "ada"));
			assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
					() -> jdbc.update("INSERT INTO purchase (customer_id, amount) VALUES (?, ?)", 999L, 1));
			assertThat(jdbc.queryForObject("SELECT created_at FROM customer WHERE id = 1", Object.class)).isNotNull();
		}
		// A second start on the same database runs nothing again.
		try (ConfigurableApplicationContext context = start(url)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM DATABASECHANGELOG", Long.class)).isEqualTo(2L);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE name = 'ada'", Long.class)).isOne();
		}
	}

	@Test
	void onPostgresqlTheIdStaysABigintIdentity() {
		try (ConfigurableApplicationContext context = start(url("postgresql"))) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("""
					SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_identity
					FROM information_schema.columns
					WHERE table_name IN ('customer', 'purchase') AND column_name IN ('id', 'customer_id') ORDER BY 1""",
					String.class))
				.containsExactly("customer.id bigint YES", "purchase.customer_id bigint NO", "purchase.id bigint YES");
		}
	}

	@Test
	void onSqliteTheIdIsTheIntegerPrimaryKeyWithAutoincrement() {
		try (ConfigurableApplicationContext context = start(url("sqlite"))) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			String customer = jdbc.queryForObject("SELECT sql FROM sqlite_master WHERE name = 'customer'",
					String.class);
			assertThat(customer).containsIgnoringCase("id INTEGER").containsIgnoringCase("PRIMARY KEY AUTOINCREMENT");
			// Only the auto-increment column changes: a plain BIGINT column stays BIGINT.
			List<String> purchase = jdbc.queryForList("SELECT type FROM pragma_table_info('purchase') ORDER BY cid",
					String.class);
			assertThat(purchase).containsExactly("INTEGER", "BIGINT", "DECIMAL(10, 2)");
		}
	}

	private String url(String backend) {
		return backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("liquibase.db")
				: TestPostgres.createDatabase();
	}

	private ConfigurableApplicationContext start(String url) {
		// Nothing but the database: Liquibase runs the changelog at Spring Boot's default location.
		return new SpringApplicationBuilder(LiquibaseApplication.class).web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url)
			.run();
	}

}
