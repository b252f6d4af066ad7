package io.cloacina.database.autoconfigure;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.LeaderLock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the {@link DatabaseDialect} of the configured backend, and of a
 * {@link LeaderLock} on the application's data source. Each bean backs off when you define your own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class)
@EnableConfigurationProperties(CloacinaDatabaseProperties.class)
public final class CloacinaDialectAutoConfiguration {

	/**
	 * The dialect of the backend, picked when the bean is created (not by a condition), so that an
	 * application processed ahead of time with one backend still gets the right dialect on the other.
	 */
	@Bean
	@ConditionalOnMissingBean(DatabaseDialect.class)
	@Conditional(OnKnownDatabaseBackendCondition.class)
	DatabaseDialect databaseDialect(ObjectProvider<ConfiguredDatabaseBackend> configured, Environment environment) {
		ConfiguredDatabaseBackend backend = configured.getIfAvailable();
		return DatabaseDialect.forBackend((backend != null) ? backend.backend() : backendOf(environment));
	}

	private static DatabaseBackend backendOf(Environment environment) {
		String url = environment.getProperty("cloacina.database.url");
		if (StringUtils.hasText(url)) {
			return DatabaseUrl.parse(url).backend();
		}
		String springUrl = environment.getProperty("spring.datasource.url");
		if (StringUtils.hasText(springUrl)) {
			return DatabaseBackend.fromJdbcUrl(springUrl).orElse(DatabaseBackend.SQLITE);
		}
		return DatabaseBackend.SQLITE;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DatabaseDialect.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	LeaderLock leaderLock(DatabaseDialect dialect, DataSource dataSource, CloacinaDatabaseProperties properties) {
		return dialect.leaderLock(dataSource, properties.getLeaderLock().getLeaseTime());
	}

}
