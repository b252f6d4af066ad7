package io.cloacina.database.autoconfigure;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.ValueCodec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Auto-configuration of what differs per backend, for the configured one: the {@link DatabaseDialect}
 * (SQL fragments and DDL), the {@link ValueCodec}, and on the application's data source a
 * {@link LeaderLock} (behind a pooler in transaction mode a lease row on PostgreSQL too) and a
 * {@link BulkInserter}. Each is picked when the bean is created, from the
 * {@link ConfiguredDatabaseBackend}, and each backs off when you define your own.
 *
 * @since 0.1.0
 */
// After Boot's data source too: with spring.datasource.url the lock and the bulk inserter work on it.
@AutoConfiguration(after = { CloacinaDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnBean(ConfiguredDatabaseBackend.class)
@EnableConfigurationProperties(CloacinaDatabaseProperties.class)
public final class CloacinaDialectAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DatabaseDialect databaseDialect(ConfiguredDatabaseBackend configured) {
		return BackendComponents.of(configured).dialect();
	}

	@Bean
	@ConditionalOnMissingBean
	ValueCodec valueCodec(ConfiguredDatabaseBackend configured) {
		return BackendComponents.of(configured).valueCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DataSource.class)
	LeaderLock leaderLock(ConfiguredDatabaseBackend configured, DataSource dataSource,
			CloacinaDatabaseProperties properties) {
		return BackendComponents.of(configured).leaderLock(dataSource, properties.getLeaderLock().getLeaseTime(),
				pooler(dataSource, properties));
	}

	/** What the data source was built for, or for another data source what the property says. */
	private static ConnectionPooler pooler(DataSource dataSource, CloacinaDatabaseProperties properties) {
		try {
			if (dataSource.isWrapperFor(CloacinaDataSource.class)) {
				return dataSource.unwrap(CloacinaDataSource.class).getPooler();
			}
		}
		catch (SQLException ex) {
			// Not a wrapper after all: go by the property.
		}
		ConnectionPooler pooler = properties.getPooler();
		return (pooler != null) ? pooler : ConnectionPooler.NONE;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DataSource.class)
	BulkInserter bulkInserter(ConfiguredDatabaseBackend configured, DataSource dataSource,
			ObjectProvider<SQLExceptionTranslator> exceptionTranslator) {
		BackendComponents components = BackendComponents.of(configured);
		return components.bulkInserter(dataSource, exceptionTranslator.getIfUnique(components::exceptionTranslator));
	}

}
