package io.cloacina.database.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.cloacina.database.sqlite.SqliteFileException;
import io.cloacina.database.test.StarterContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Startup failures that are the database's, each shown as a description and an action a person can
 * follow: a missing driver, an unreachable PostgreSQL server, an unusable SQLite location.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTests {

	@TempDir
	Path directory;

	@Test
	void missingPostgresDriver() {
		StarterContextRunner.create()
			.withClassLoader(new FilteredClassLoader("org.postgresql"))
			.withPropertyValues("cloacina.database.url=postgresql://app:Secret99@db.example.com/app")
			.run((context) -> {
				FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("org.postgresql.Driver is not on the class path")
					.contains("postgresql://app:****@db.example.com/app");
				assertThat(analysis.getAction()).contains("org.postgresql:postgresql");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("Secret99");
			});
	}

	@Test
	void missingSqliteDriver() {
		StarterContextRunner.create()
			.withClassLoader(new FilteredClassLoader("org.sqlite"))
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("app.db"))
			.run((context) -> {
				FailureAnalysis analysis = new DatabaseConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("org.sqlite.JDBC is not on the class path");
				assertThat(analysis.getAction()).contains("org.xerial:sqlite-jdbc");
			});
	}

	@Test
	void unreachablePostgresNamesHostAndPortNeverThePassword() {
		String url = "postgresql://app:Secret99@127.0.0.1:1/app";
		StarterContextRunner.create()
			.withUserConfiguration(StartupQuery.class)
			.withPropertyValues("cloacina.database.url=" + url)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new DatabaseConnectionFailureAnalyzer(
						new MockEnvironment().withProperty("cloacina.database.url", url), null)
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("127.0.0.1:1")
					.contains("postgresql://app:****@127.0.0.1:1/app");
				assertThat(analysis.getAction()).contains("127.0.0.1:1").contains("cloacina.database.url");
				assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("Secret99");
			});
	}

	@Test
	void connectionDetailsThatReplaceTheUrlAreNamedNotThePropertysHost() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("containerDetails",
				new RootBeanDefinition(CloacinaConnectionDetails.class, () -> () -> "postgres://10.0.0.9:5433/app"));
		FailureAnalysis analysis = new DatabaseConnectionFailureAnalyzer(
				new MockEnvironment().withProperty("cloacina.database.url", "postgresql://app@property-host:5432/app"),
				beanFactory)
			.analyze(new SQLException("Connection to 10.0.0.9:5433 refused", "08001"));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("connection details [containerDetails]")
			.doesNotContain("property-host");
		assertThat(analysis.getAction()).doesNotContain("property-host");
	}

	@Test
	void connectionFailuresOfBootsOwnDataSourceAreLeftToBoot() {
		FailureAnalysis analysis = new DatabaseConnectionFailureAnalyzer(
				new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/app"), null)
			.analyze(new SQLException("Connection to 127.0.0.1:1 refused", "08001"));
		assertThat(analysis).isNull();
	}

	@Test
	void hostsAndPortsOfJdbcUrls() {
		assertThat(DatabaseConnectionFailureAnalyzer.hostsAndPorts("jdbc:postgresql://db:6543/app?ssl=true"))
			.isEqualTo("db:6543");
		assertThat(DatabaseConnectionFailureAnalyzer.hostsAndPorts("jdbc:postgresql://a,b:5433/app"))
			.isEqualTo("a:5432,b:5433");
		assertThat(DatabaseConnectionFailureAnalyzer.hostsAndPorts("jdbc:postgresql://[::1]/app"))
			.isEqualTo("[::1]:5432");
		assertThat(DatabaseConnectionFailureAnalyzer.hostsAndPorts("jdbc:postgresql:app")).isEqualTo("localhost:5432");
	}

	@Test
	void realStartupAgainstAnUnreachableServerPrintsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application
			.run("--cloacina.database.url=postgresql://app:Secret99@127.0.0.1:1/app?connect_timeout=2"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Could not connect to the PostgreSQL server at 127.0.0.1:1")
			.contains("Action:")
			.doesNotContain("Secret99");
	}

	@Test
	void sqliteFileInsideARegularFile(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.directory.resolve("somefile.txt"), "not a directory");
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--cloacina.database.url=sqlite://" + file.resolve("db.sqlite")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Could not create the directory " + file)
			.contains(file + " exists and is not a directory")
			.contains("Set cloacina.database.url to a SQLite file in a directory this application can create");
	}

	@Test
	void sqliteFileInAnUnwritableDirectory() {
		StarterContextRunner.create()
			.withUserConfiguration(StartupQuery.class)
			.withPropertyValues("cloacina.database.url=sqlite:///proc/cloacina-test.db")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SqliteFileFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getCause()).isInstanceOf(SqliteFileException.class);
				assertThat(analysis.getDescription()).contains("/proc/cloacina-test.db")
					.contains("SQLite cannot write there");
				assertThat(analysis.getAction()).contains("make /proc a writable directory");
			});
	}

	/** Opens a connection while the context starts, as Flyway or a startup task would. */
	@Configuration(proxyBeanMethods = false)
	static class StartupQuery {

		@Bean
		String startupQuery(DataSource dataSource) throws SQLException {
			try (Connection connection = dataSource.getConnection()) {
				return "connected";
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(StartupQuery.class)
	static class MinimalApplication {

	}

}
