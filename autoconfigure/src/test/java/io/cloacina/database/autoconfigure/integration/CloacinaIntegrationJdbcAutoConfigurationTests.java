package io.cloacina.database.autoconfigure.integration;

import java.nio.file.Path;

import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.integration.SqliteChannelMessageStoreQueryProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.H2ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CloacinaIntegrationJdbcAutoConfiguration}. No connection is opened: the provider
 * is picked from the configured URL.
 */
class CloacinaIntegrationJdbcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CloacinaDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class, CloacinaIntegrationJdbcAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void sqliteUrlGivesTheSqliteQueryProvider() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.run((context) -> assertThat(context).getBean(ChannelMessageStoreQueryProvider.class)
				.isInstanceOf(SqliteChannelMessageStoreQueryProvider.class));
	}

	@Test
	void postgresqlUrlGivesSpringIntegrationsPostgresQueryProvider() {
		this.runner.withPropertyValues("cloacina.database.url=postgresql://app@localhost:1/app")
			.run((context) -> assertThat(context).getBean(ChannelMessageStoreQueryProvider.class)
				.isInstanceOf(PostgresChannelMessageStoreQueryProvider.class));
	}

	@Test
	void springDatasourceUrlDecidesWhenBootOwnsTheDataSource() {
		this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://localhost:1/app")
			.run((context) -> assertThat(context).getBean(ChannelMessageStoreQueryProvider.class)
				.isInstanceOf(PostgresChannelMessageStoreQueryProvider.class));
	}

	@Test
	void aUserQueryProviderReplacesTheStarters() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withUserConfiguration(UserQueryProviderConfiguration.class)
			.run((context) -> assertThat(context).getBean(ChannelMessageStoreQueryProvider.class)
				.isInstanceOf(H2ChannelMessageStoreQueryProvider.class));
	}

	@Test
	void withoutSpringIntegrationJdbcThereIsNoQueryProvider() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite://" + this.directory.resolve("a.db"))
			.withClassLoader(new FilteredClassLoader("org.springframework.integration"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("channelMessageStoreQueryProvider"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserQueryProviderConfiguration {

		@Bean
		ChannelMessageStoreQueryProvider myQueryProvider() {
			return new H2ChannelMessageStoreQueryProvider();
		}

	}

}
