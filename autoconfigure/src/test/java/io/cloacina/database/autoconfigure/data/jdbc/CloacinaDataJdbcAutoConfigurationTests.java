package io.cloacina.database.autoconfigure.data.jdbc;

import java.nio.file.Path;

import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.data.jdbc.SqliteJdbcDialect;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JDBC gets the dialect of the configured backend from the starter's
 * {@code ConfiguredDatabaseBackend}, on the starter's data source and on Spring Boot's alike (Spring
 * Data knows no SQLite: without the starter's dialect Boot's data source on SQLite fails to start).
 */
class CloacinaDataJdbcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ThisPackage.class)
		.withConfiguration(AutoConfigurations.of(CloacinaDataSourceAutoConfiguration.class,
				CloacinaDataJdbcAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				DataJdbcRepositoriesAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void bootsOwnSqliteDataSourceGetsTheSqliteDialectAndAggregatesWork() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("boot.db"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JdbcDialect.class)).isSameAs(SqliteJdbcDialect.INSTANCE);
				context.getBean(JdbcTemplate.class)
					.execute("CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT)");
				JdbcAggregateTemplate aggregates = context.getBean(JdbcAggregateTemplate.class);
				Note saved = aggregates.save(new Note(null, "hello"));
				assertThat(saved.id).isNotNull();
				assertThat(aggregates.findById(saved.id, Note.class).text).isEqualTo("hello");
			});
	}

	@Test
	void theStartersDataSourceGetsTheDialectOfItsBackendWithoutAConnection() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.run((context) -> assertThat(context.getBean(JdbcDialect.class)).isSameAs(SqliteJdbcDialect.INSTANCE));
		this.runner.withPropertyValues("cloacina.database.url=" + TestPostgres.createDatabase())
			.run((context) -> assertThat(context.getBean(JdbcDialect.class)).isSameAs(JdbcPostgresDialect.INSTANCE));
	}

	@Test
	void backsOffForTheApplicationsDialectAndForSpringDataJdbcDialectProperty() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(UserDialect.class)
			.run((context) -> assertThat(context.getBean(JdbcDialect.class)).isSameAs(JdbcPostgresDialect.INSTANCE));
		this.runner
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("b.db"),
					"spring.data.jdbc.dialect=postgresql")
			.run((context) -> assertThat(context.getBean(JdbcDialect.class)).isNotInstanceOf(SqliteJdbcDialect.class));
	}

	static class Note {

		@Id
		Long id;

		String text;

		Note(Long id, String text) {
			this.id = id;
			this.text = text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ThisPackage {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDialect {

		@Bean
		JdbcDialect myDialect() {
			return JdbcPostgresDialect.INSTANCE;
		}

	}

}
