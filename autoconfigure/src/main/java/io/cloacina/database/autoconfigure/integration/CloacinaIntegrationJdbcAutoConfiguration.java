package io.cloacina.database.autoconfigure.integration;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import io.cloacina.database.integration.SqliteChannelMessageStoreQueryProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;

/**
 * Auto-configuration of the {@link ChannelMessageStoreQueryProvider} of the configured backend, for
 * the {@link JdbcChannelMessageStore}s of the application: Spring Integration's
 * {@link PostgresChannelMessageStoreQueryProvider}, or the starter's
 * {@link SqliteChannelMessageStoreQueryProvider}. Picked when the bean is created (not by a
 * condition), so that an application processed ahead of time with one backend runs on the other.
 * Your own {@code ChannelMessageStoreQueryProvider} bean replaces it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class)
@ConditionalOnClass(ChannelMessageStoreQueryProvider.class)
@ConditionalOnBean(ConfiguredDatabaseBackend.class)
public final class CloacinaIntegrationJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChannelMessageStoreQueryProvider channelMessageStoreQueryProvider(ConfiguredDatabaseBackend configured) {
		return (configured.backend() == DatabaseBackend.POSTGRESQL) ? new PostgresChannelMessageStoreQueryProvider()
				: new SqliteChannelMessageStoreQueryProvider();
	}

}
