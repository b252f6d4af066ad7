package io.cloacina.database.autoconfigure;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.InvalidDatabaseUrlException;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link CloacinaDataSourceAutoConfiguration}, together with Spring Boot's own JDBC
 * auto-configurations to show that they back off or pick the data source up.
 */
@ExtendWith(OutputCaptureExtension.class)
class CloacinaDataSourceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CloacinaDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void sqliteUrlGivesTheStarterDataSourceAndBootsJdbcBeansUseIt() {
		String url = "sqlite://" + this.directory.resolve("app.db");
		this.runner.withPropertyValues("cloacina.database.url=" + url).run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(CloacinaDataSource.class);
			assertThat(context).hasSingleBean(JdbcTemplate.class)
				.hasSingleBean(NamedParameterJdbcTemplate.class)
				.hasSingleBean(JdbcClient.class)
				.hasSingleBean(PlatformTransactionManager.class)
				.hasSingleBean(TransactionTemplate.class);
			CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
			assertThat(dataSource.getBackend()).isEqualTo(DatabaseBackend.SQLITE);
			assertThat(context.getBean(JdbcTemplate.class).getDataSource()).isSameAs(dataSource);
			assertThat(context.getBean(ConfiguredDatabaseBackend.class).backend()).isEqualTo(DatabaseBackend.SQLITE);
			JdbcClient client = context.getBean(JdbcClient.class);
			client.sql("CREATE TABLE t (v TEXT)").update();
			context.getBean(TransactionTemplate.class)
				.executeWithoutResult((status) -> client.sql("INSERT INTO t VALUES ('x')").update());
			assertThat(client.sql("PRAGMA journal_mode").query(String.class).single()).isEqualTo("wal");
			assertThat(client.sql("SELECT v FROM t").query(String.class).single()).isEqualTo("x");
		});
	}

	@Test
	void postgresUrlWithSeparateCredentialsAndSchema() {
		String url = TestPostgres.createDatabase().replace("postgres@", "nobody:wrong@");
		this.runner
			.withPropertyValues("cloacina.database.url=" + url, "cloacina.database.username=postgres",
					"cloacina.database.password=", "cloacina.database.schema=app")
			.run((context) -> {
				CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
				assertThat(dataSource.getBackend()).isEqualTo(DatabaseBackend.POSTGRESQL);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo("postgres");
				assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo("app");
			});
	}

	@Test
	void hikariSettingsAreBoundFromCloacinaDatabaseHikari() {
		this.runner
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"),
					"cloacina.database.hikari.maximum-pool-size=3", "cloacina.database.hikari.pool-name=mine",
					"cloacina.database.properties.busy_timeout=2500")
			.run((context) -> {
				CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
				assertThat(dataSource.getPoolName()).isEqualTo("mine");
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("PRAGMA busy_timeout", Integer.class))
					.isEqualTo(2500);
			});
	}

	@Test
	void userDataSourceMakesTheStarterBackOff() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(CloacinaDataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
				assertThat(context).hasSingleBean(JdbcTemplate.class);
			});
	}

	@Test
	void springDatasourceUrlIsLeftToBootWhichStillKnowsTheBackend(CapturedOutput output) {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("boot.db"))
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(CloacinaDataSource.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
				assertThat(context.getBean(ConfiguredDatabaseBackend.class).backend()).isEqualTo(DatabaseBackend.SQLITE);
			});
		assertThat(output).contains("Cloacina database backend: sqlite (jdbc:sqlite:");
	}

	@Test
	void springDatasourceUrlOfAnotherDatabaseIsLeftToBootWithNoBackend() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CloacinaDataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:x")
			.run((context) -> assertThat(context).doesNotHaveBean(ConfiguredDatabaseBackend.class)
				.doesNotHaveBean(CloacinaDataSource.class));
	}

	@Test
	void noUrlAtAllRunsOnSharedInMemorySqliteAndSaysHowToConfigure(CapturedOutput output) {
		this.runner.run((context) -> {
			CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
			assertThat(dataSource.getBackend()).isEqualTo(DatabaseBackend.SQLITE);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("CREATE TABLE t (id INTEGER)");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Integer.class)).isZero();
		});
		assertThat(output).contains("No cloacina.database.url is set: using an in-memory SQLite database")
			.contains("Cloacina database backend: sqlite (:memory:)");
	}

	@Test
	void startupLogNamesTheBackendWithThePasswordMasked(CapturedOutput output) {
		String url = TestPostgres.createDatabase().replace("postgres@", "postgres:Sup3rSecret@");
		this.runner.withPropertyValues("cloacina.database.url=" + url).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(CloacinaDataSource.class).toString()).doesNotContain("Sup3rSecret");
			assertThat(context.getBean(CloacinaDatabaseProperties.class).toString()).doesNotContain("Sup3rSecret");
		});
		assertThat(output).contains("Cloacina database backend: postgresql (postgresql://postgres:****@localhost:")
			.doesNotContain("Sup3rSecret");
	}

	@Test
	void startupLogSaysWhereTheDataGoesTheAbsoluteSqliteFile(CapturedOutput output) {
		Path file = this.directory.resolve("logged.db").toAbsolutePath().normalize();
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + file)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Cloacina database backend: sqlite (sqlite://" + file + "), data in file " + file);
	}

	@Test
	void startupLogSaysWhereTheDataGoesInMemory(CapturedOutput output) {
		this.runner.withPropertyValues("cloacina.database.url=:memory:")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Cloacina database backend: sqlite (:memory:), data in memory only, "
				+ "gone when the application stops");
	}

	@Test
	void startupLogSaysWhereTheDataGoesThePostgresqlSchema(CapturedOutput output) {
		String url = TestPostgres.createDatabase();
		this.runner.withPropertyValues("cloacina.database.url=" + url, "cloacina.database.schema=tenant_a")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern("Cloacina database backend: postgresql \\(postgresql://[^)]*\\), schema tenant_a");
		this.runner.withPropertyValues("cloacina.database.url=" + url)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).containsPattern(
				"Cloacina database backend: postgresql \\(postgresql://[^)]*\\), schema from the server's search_path");
	}

	@Test
	void invalidUrlFailsStartupWithAFailureAnalysis(CapturedOutput output) {
		this.runner.withPropertyValues("cloacina.database.url=mysql://root:TopSecret1@db/app").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("mysql://root:****@db/app").contains("scheme 'mysql'");
			assertThat(analysis.getAction()).contains("postgres://").contains("sqlite::memory:");
			assertThat(analysis.getCause()).hasCauseInstanceOf(InvalidDatabaseUrlException.class);
			assertThat(analysis.getAction()).contains("Set cloacina.database.url to a supported URL")
				.contains("cloacina.database.password");
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("TopSecret1");
		});
		assertThat(output).doesNotContain("TopSecret1");
	}

	@Test
	void realStartupShowsTheFailureAnalysisInsteadOfAStackTrace(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--cloacina.database.url=mysql://root:TopSecret1@db/app"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid database URL 'mysql://root:****@db/app': the scheme 'mysql' is not supported")
			.contains("Action:")
			.contains("Set cloacina.database.url to a supported URL")
			.doesNotContain("TopSecret1");
	}

	@Test
	void schemaWithSqliteFailsStartupWithAFailureAnalysis() {
		this.runner
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"),
					"cloacina.database.schema=tenant")
			.run((context) -> {
				FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("schemas exist only on PostgreSQL");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		DataSource userDataSource() {
			return new SimpleDriverDataSource(new org.sqlite.JDBC(), "jdbc:sqlite::memory:");
		}

	}

}
