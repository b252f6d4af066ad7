package io.cloacina.database.autoconfigure;

import java.nio.file.Path;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Owner;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Resolution;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one rule that decides where the database is: each case from the environment and bean
 * definitions alone, and the same case in a running context, where the data source, the
 * {@link ConfiguredDatabaseBackend} and the dialect must agree with it.
 */
class DatabaseBackendResolverTests {

	@TempDir
	Path directory;

	@Test
	void nothingSetIsTheStartersInMemorySqlite() {
		Resolution resolution = resolve(new MockEnvironment(), null);
		assertThat(resolution.owner()).isEqualTo(Owner.STARTER);
		assertThat(resolution.backend()).isEqualTo(DatabaseBackend.SQLITE);
		assertThat(resolution.url().inMemory()).isTrue();
	}

	@Test
	void cloacinaUrlIsTheStarters() {
		Resolution resolution = resolve(env("cloacina.database.url", "postgres://u:Secret1@db.example.com/app"), null);
		assertThat(resolution.owner()).isEqualTo(Owner.STARTER);
		assertThat(resolution.backend()).isEqualTo(DatabaseBackend.POSTGRESQL);
		assertThat(resolution.source()).contains("u:****@db.example.com").doesNotContain("Secret1");
	}

	@Test
	void springDatasourceUrlIsBootsWithItsBackendWhenKnown() {
		Resolution sqlite = resolve(env("spring.datasource.url", "jdbc:sqlite:/tmp/boot.db"), null);
		assertThat(sqlite.owner()).isEqualTo(Owner.SPRING_BOOT);
		assertThat(sqlite.backend()).isEqualTo(DatabaseBackend.SQLITE);
		Resolution h2 = resolve(env("spring.datasource.url", "jdbc:h2:mem:x"), null);
		assertThat(h2.owner()).isEqualTo(Owner.SPRING_BOOT);
		assertThat(h2.backend()).isNull();
		assertThat(h2.source()).contains("neither PostgreSQL nor SQLite");
	}

	@Test
	void cloacinaUrlWinsOverSpringDatasourceUrl() {
		MockEnvironment environment = env("spring.datasource.url", "jdbc:postgresql://boot/db")
			.withProperty("cloacina.database.url", "sqlite::memory:");
		assertThat(resolve(environment, null).owner()).isEqualTo(Owner.STARTER);
		assertThat(resolve(environment, null).backend()).isEqualTo(DatabaseBackend.SQLITE);
	}

	@Test
	void aSetButBlankUrlIsTheStartersAndNamesNoDatabaseNotTheInMemoryDefault() {
		for (String blank : new String[] { "", "   ", "\t" }) {
			Resolution resolution = resolve(env("cloacina.database.url", blank), null);
			assertThat(resolution.owner()).isEqualTo(Owner.STARTER);
			assertThat(resolution.url()).isNull();
			assertThat(resolution.source()).contains("cloacina.database.url is set but blank");
			// Set, even blank, it is the starter's: the data source refuses it rather than Boot's taking over.
			Resolution withSpringUrl = resolve(env("cloacina.database.url", blank)
				.withProperty("spring.datasource.url", "jdbc:sqlite:/tmp/boot.db"), null);
			assertThat(withSpringUrl.owner()).isEqualTo(Owner.STARTER);
			assertThat(withSpringUrl.url()).isNull();
		}
	}

	@Test
	void connectionDetailsWinOverTheUrlAndAreNotCreatedToDecide() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("containerDetails", new RootBeanDefinition(CloacinaConnectionDetails.class,
				() -> {
					throw new AssertionError("a condition created the connection details bean");
				}));
		Resolution resolution = resolve(env("cloacina.database.url", "sqlite::memory:"), beanFactory);
		assertThat(resolution.owner()).isEqualTo(Owner.STARTER);
		assertThat(resolution.url()).isNull();
		assertThat(resolution.source()).contains("containerDetails");
	}

	@Test
	void jdbcConnectionDetailsAreTheStartersUnlessBootTakesThem() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("jdbcDetails", new RootBeanDefinition(JdbcConnectionDetails.class, () -> {
			throw new AssertionError("a condition created the connection details bean");
		}));
		assertThat(resolve(new MockEnvironment(), beanFactory).owner()).isEqualTo(Owner.STARTER);
		assertThat(resolve(env("cloacina.database.url", "sqlite::memory:"), beanFactory).url()).isNull();
		assertThat(resolve(env("spring.datasource.url", "jdbc:postgresql://boot/db"), beanFactory).owner())
			.isEqualTo(Owner.SPRING_BOOT);
	}

	@Test
	void theStartersOwnPropertiesDetailsDoNotCountAsConnectionDetails() {
		StarterContextRunner.create()
			.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.run((context) -> {
				Resolution resolution = resolve(context.getEnvironment(), context.getBeanFactory());
				assertThat(resolution.backend()).isEqualTo(DatabaseBackend.SQLITE);
				assertThat(resolution.source()).startsWith("cloacina.database.url");
			});
	}

	@Test
	void anApplicationDataSourceWithoutUrlsLeavesTheBackendUnknown() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("mine", new RootBeanDefinition(SimpleDriverDataSource.class));
		Resolution resolution = resolve(new MockEnvironment(), beanFactory);
		assertThat(resolution.owner()).isEqualTo(Owner.APPLICATION);
		assertThat(resolution.backend()).isNull();
	}

	@Test
	void everythingAfterTheDataSourceAgreesWithTheConnectionDetails() {
		String database = TestPostgres.createDatabase();
		StarterContextRunner.create()
			.withPropertyValues("cloacina.database.url=sqlite::memory:")
			.withUserConfiguration(PostgresDetails.class)
			.withBean("databaseUrl", String.class, () -> database)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CloacinaDataSource.class).getBackend()).isEqualTo(DatabaseBackend.POSTGRESQL);
				assertThat(context.getBean(ConfiguredDatabaseBackend.class).backend())
					.isEqualTo(DatabaseBackend.POSTGRESQL);
				assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(PostgresDialect.class);
			});
	}

	@Test
	void bootsDataSourceGetsTheBackendOfItsUrl() {
		StarterContextRunner.create()
			.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.directory.resolve("boot.db"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(CloacinaDataSource.class);
				ConfiguredDatabaseBackend configured = context.getBean(ConfiguredDatabaseBackend.class);
				assertThat(configured.backend()).isEqualTo(DatabaseBackend.SQLITE);
				assertThat(configured.file()).isEqualTo(this.directory.resolve("boot.db").toAbsolutePath());
				assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(SqliteDialect.class);
			});
	}

	private static Resolution resolve(Environment environment, ConfigurableListableBeanFactory beanFactory) {
		return DatabaseBackendResolver.resolve(environment, beanFactory);
	}

	private static MockEnvironment env(String name, String value) {
		return new MockEnvironment().withProperty(name, value);
	}

	@Configuration(proxyBeanMethods = false)
	static class PostgresDetails {

		@Bean
		CloacinaConnectionDetails containerDetails(String databaseUrl) {
			return () -> databaseUrl;
		}

	}

}
