package io.cloacina.database.autoconfigure.copy;

import javax.sql.DataSource;

import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Run mode that copies the data of {@code cloacina.copy.from} into the application's database: the
 * application's Flyway or Liquibase migrations run on its database first, then the copy, then every
 * bean that uses the database (see {@link DatabaseCopyInitializerDetector}); with
 * {@code cloacina.copy.then=exit} (the default) the process exits once the copy is committed, before
 * the web server or any lifecycle bean starts.
 * <p>
 * {@code java -jar app.jar --cloacina.database.url=postgresql://... --cloacina.copy.from=sqlite:data/app.db}
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { CloacinaDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class },
		afterName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnProperty(prefix = "cloacina.copy", name = "from")
@ConditionalOnBean(ConfiguredDatabaseBackend.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(CloacinaCopyProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class CloacinaCopyAutoConfiguration {

	/**
	 * The copy. Never lazy: with {@code spring.main.lazy-initialization=true}, nothing might ask for it
	 * before the application is up, and the copy would be skipped without a word.
	 */
	@Bean
	@Lazy(false)
	DatabaseCopyInitializer cloacinaDatabaseCopyInitializer(DataSource dataSource, ConfiguredDatabaseBackend backend,
			CloacinaCopyProperties properties, ObjectProvider<CopyExit> exit) {
		return new DatabaseCopyInitializer(dataSource, backend.displayUrl(), properties,
				exit.getIfAvailable(() -> CopyExit.SYSTEM));
	}

}
