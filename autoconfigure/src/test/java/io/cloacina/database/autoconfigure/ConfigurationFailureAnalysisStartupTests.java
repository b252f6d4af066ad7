package io.cloacina.database.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Configuration mistakes in {@code cloacina.database.url}, each seen as a user sees it: a real
 * {@link SpringApplication} run whose printed failure analysis is checked, password never shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureAnalysisStartupTests {

	private static final String PASSWORD = "s3cr3t-Pa55";

	@TempDir
	Path directory;

	@Test
	void misspeltSchemeNamesTheNearestOneAndListsTheFormsOnce(CapturedOutput output) {
		fails("--cloacina.database.url=postgress://app:" + PASSWORD + "@db.example.com/app");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid database URL 'postgress://app:****@db.example.com/app': the scheme 'postgress' is "
					+ "not supported (did you mean 'postgres'?)")
			.contains("Set cloacina.database.url to a supported URL")
			.doesNotContain("Accepted PostgreSQL forms")
			.doesNotContain(PASSWORD);
		assertThat(output.toString().split("Accepted forms:", -1)).hasSize(2);
	}

	@Test
	void misspeltParameterNamesTheNearestOne(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://app:" + PASSWORD + "@db.example.com/app?sslmod=disable");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("the parameter 'sslmod' has no equivalent in the PostgreSQL JDBC driver (did you mean 'sslmode'?)")
			.doesNotContain(PASSWORD);
	}

	@Test
	void flywaysSessionLockBehindATransactionPoolerIsRefusedSayingWhy(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://app:" + PASSWORD + "@db.example.com:6432/app?pgbouncer=true",
				"--spring.flyway.postgresql.transactional-lock=false");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.flyway.postgresql.transactional-lock=false makes Flyway lock the migrations with a "
					+ "session-level advisory lock, which cannot work behind a connection pooler in transaction mode")
			.contains("Remove spring.flyway.postgresql.transactional-lock")
			.doesNotContain(PASSWORD);
	}

	@Test
	void aPoolerForSqliteIsRefusedSayingWhy(CapturedOutput output) {
		fails("--cloacina.database.url=sqlite://" + this.directory.resolve("app.db"), "--cloacina.database.pooler=transaction");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("A connection pooler (transaction) is set but the database is SQLite")
			.contains("remove cloacina.database.pooler, or set it to none");
	}

	@Test
	void anUnknownPoolerListsTheAcceptedValues(CapturedOutput output) {
		fails("--cloacina.database.url=postgresql://db.example.com/app", "--cloacina.database.pooler=pgbouncer");
		assertThat(output).contains("APPLICATION FAILED TO START").contains("cloacina.database.pooler")
			.containsIgnoringCase("transaction");
	}

	@Test
	void emptyUrlOnTheCommandLineFailsInsteadOfAThrowawayInMemoryDatabase(CapturedOutput output) {
		fails("--cloacina.database.url=");
		assertBlankUrlAnalysis(output, "\"cloacina.database.url\" from property source \"commandLineArgs\"");
	}

	@Test
	void whitespaceUrlOnTheCommandLineFails(CapturedOutput output) {
		fails("--cloacina.database.url=   ");
		assertBlankUrlAnalysis(output, "\"cloacina.database.url\" from property source \"commandLineArgs\"");
	}

	@Test
	void emptyStringInYamlFails(CapturedOutput output) throws IOException {
		Path yaml = Files.writeString(this.directory.resolve("application.yml"),
				"cloacina:\n  database:\n    url: \"\"\n    password: " + PASSWORD + "\n");
		fails("--spring.config.location=file:" + yaml);
		assertBlankUrlAnalysis(output, yaml.getFileName() + "]");
		assertThat(output).contains("- 3:");
	}

	@Test
	void emptyEnvironmentVariableFails(CapturedOutput output) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("CLOACINA_DATABASE_URL", "", "CLOACINA_DATABASE_PASSWORD", PASSWORD)));
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environment);
		assertThatException().isThrownBy(application::run);
		assertBlankUrlAnalysis(output, "System Environment Property \"CLOACINA_DATABASE_URL\"");
	}

	private static void assertBlankUrlAnalysis(CapturedOutput output, String where) {
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cloacina.database.url is set but blank")
			.contains(where)
			.contains("Set cloacina.database.url to a database URL")
			.contains("sqlite://data/app.db")
			.contains("postgresql://")
			.contains("or remove the property")
			.contains("in-memory SQLite")
			.doesNotContain("Cloacina database backend: sqlite (:memory:)")
			.doesNotContain(PASSWORD);
	}

	static void fails(String... args) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run(args));
	}

	/** Opens a connection while the context starts, as Flyway or a startup task would. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

		@Bean
		String startupQuery(DataSource dataSource) throws SQLException {
			try (Connection connection = dataSource.getConnection()) {
				return "connected";
			}
		}

	}

}
