package io.cloacina.database.autoconfigure;

import javax.sql.DataSource;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.PostgresDialect;
import io.cloacina.database.dialect.SqliteDialect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link DatabaseDialect} of the configured backend, and of a
 * {@link LeaderLock} on the application's data source. Each bean backs off when you define your own.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class)
@EnableConfigurationProperties(CloacinaDatabaseProperties.class)
public final class CloacinaDialectAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DatabaseDialect.class)
	@ConditionalOnDatabaseBackend(DatabaseBackend.POSTGRESQL)
	PostgresDialect postgresDialect() {
		return new PostgresDialect();
	}

	@Bean
	@ConditionalOnMissingBean(DatabaseDialect.class)
	@ConditionalOnDatabaseBackend(DatabaseBackend.SQLITE)
	SqliteDialect sqliteDialect() {
		return new SqliteDialect();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DatabaseDialect.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	LeaderLock leaderLock(DatabaseDialect dialect, DataSource dataSource, CloacinaDatabaseProperties properties) {
		return dialect.leaderLock(dataSource, properties.getLeaderLock().getLeaseTime());
	}

}
