package io.cloacina.database.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On SQLite, Boot's schema initialization of the libraries that ship a SQLite schema defaults to
 * {@code always}; the application's own settings win, and PostgreSQL keeps Boot's defaults.
 */
class SqliteDatabaseInitializationEnvironmentPostProcessorTests {

	@Test
	void aSqliteFileGetsTheLibrarySchemasButNotTheApplicationsOwnScripts() {
		StandardEnvironment environment = environment(Map.of("cloacina.database.url", "sqlite://data/app.db"));
		for (String property : SqliteDatabaseInitializationEnvironmentPostProcessor.LIBRARY_SCHEMAS) {
			assertThat(environment.getProperty(property)).as(property).isEqualTo("always");
		}
		assertThat(environment.getProperty("spring.sql.init.mode")).isNull();
	}

	@Test
	void inMemorySqliteIsTreatedAsAnEmbeddedDatabase() {
		assertThat(environment(Map.of()).getProperty("spring.sql.init.mode")).isEqualTo("always");
		assertThat(environment(Map.of("cloacina.database.url", "sqlite::memory:")).getProperty("spring.sql.init.mode"))
			.isEqualTo("always");
		assertThat(environment(Map.of("spring.datasource.url", "jdbc:sqlite::memory:"))
			.getProperty("spring.batch.jdbc.initialize-schema")).isEqualTo("always");
	}

	@Test
	void whatTheApplicationSetsWins() {
		StandardEnvironment environment = environment(Map.of("cloacina.database.url", "sqlite::memory:",
				"spring.quartz.jdbc.initialize-schema", "never", "spring.sql.init.mode", "never"));
		assertThat(environment.getProperty("spring.quartz.jdbc.initialize-schema")).isEqualTo("never");
		assertThat(environment.getProperty("spring.sql.init.mode")).isEqualTo("never");
		assertThat(environment.getProperty("spring.batch.jdbc.initialize-schema")).isEqualTo("always");
	}

	@Test
	void postgresqlAnOtherDatabaseAndAnInvalidUrlKeepBootsDefaults() {
		for (Map<String, Object> properties : new Map[] { Map.of("cloacina.database.url", "postgresql://db/app"),
				Map.of("spring.datasource.url", "jdbc:h2:mem:x"), Map.of("cloacina.database.url", "mysql://db/app") }) {
			StandardEnvironment environment = environment(properties);
			assertThat(environment.getPropertySources()
				.contains(SqliteDatabaseInitializationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
			assertThat(environment.getProperty("spring.batch.jdbc.initialize-schema")).isNull();
		}
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new SqliteDatabaseInitializationEnvironmentPostProcessor().postProcessEnvironment(environment,
				new SpringApplication());
		return environment;
	}

}
