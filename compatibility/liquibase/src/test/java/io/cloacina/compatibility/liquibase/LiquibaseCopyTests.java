package io.cloacina.compatibility.liquibase;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter's copy run mode ({@code cloacina.copy.from}) with Liquibase making the schema: the
 * changelog runs on the new PostgreSQL database first, then the copy. The changelog inserts a row
 * (customer {@code ada}), so the target is not empty after it: the copy is refused, naming the table
 * and the property, until {@code cloacina.copy.replace-existing=true} replaces that row with the
 * source's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class LiquibaseCopyTests {

	@TempDir
	Path directory;

	@Test
	void liquibaseMigratesTheTargetThenTheCopyReplacesTheChangelogsRows(CapturedOutput output) {
		String sqlite = "sqlite://" + this.directory.resolve("liquibase.db");
		try (ConfigurableApplicationContext context = start(sqlite)) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("INSERT INTO customer (name) VALUES (?)", "grace");
			jdbc.update("INSERT INTO purchase (customer_id, amount) VALUES (?, ?)", 2L, new BigDecimal("9.50"));
		}
		String postgres = TestPostgres.createDatabase();
		// The changelog ran on the new database before the copy: its row is what the copy refuses.
		assertThatException().isThrownBy(() -> start(postgres, "cloacina.copy.from=" + sqlite));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("already has rows in [customer]")
			.contains("cloacina.copy.replace-existing=true");
		try (ConfigurableApplicationContext context = start(postgres, "cloacina.copy.from=" + sqlite,
				"cloacina.copy.replace-existing=true")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT name FROM customer ORDER BY id", String.class))
				.containsExactly("ada", "grace");
			assertThat(jdbc.queryForObject("SELECT amount FROM purchase WHERE customer_id = 2", BigDecimal.class))
				.isEqualByComparingTo("9.50");
			// Liquibase's history is compared, never copied: the target's own, from its run of the changelog.
			assertThat(jdbc.queryForObject("SELECT count(*) FROM DATABASECHANGELOG", Long.class)).isEqualTo(2L);
			// The identity goes on after the copied ids.
			jdbc.update("INSERT INTO customer (name) VALUES (?)", "edsger");
			assertThat(jdbc.queryForObject("SELECT id FROM customer WHERE name = 'edsger'", Long.class)).isEqualTo(3L);
		}
	}

	private static ConfigurableApplicationContext start(String url, String... properties) {
		return new SpringApplicationBuilder(LiquibaseApplication.class).web(WebApplicationType.NONE)
			.properties("cloacina.database.url=" + url, "cloacina.copy.then=continue")
			.properties(properties)
			.run();
	}

}
