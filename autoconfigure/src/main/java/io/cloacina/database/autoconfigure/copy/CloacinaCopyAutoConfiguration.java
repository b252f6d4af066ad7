package io.cloacina.database.autoconfigure.copy;

import javax.sql.DataSource;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
@EnableConfigurationProperties(CloacinaCopyProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class CloacinaCopyAutoConfiguration {

	/**
	 * The copy. Never lazy: with {@code spring.main.lazy-initialization=true}, nothing might ask for it
	 * before the application is up, and the copy would be skipped without a word. Without one data
	 * source to copy into, startup fails rather than starting the application as if no copy had been
	 * asked for.
	 */
	@Bean
	@Lazy(false)
	DatabaseCopyInitializer cloacinaDatabaseCopyInitializer(ObjectProvider<DataSource> dataSources,
			ObjectProvider<ConfiguredDatabaseBackend> backend, CloacinaCopyProperties properties,
			ObjectProvider<CopyExit> exit) {
		DataSource dataSource = dataSources.getIfUnique();
		if (dataSource == null) {
			long count = dataSources.stream().count();
			throw new DatabaseConfigurationException(DatabaseCopyInitializer.FROM_PROPERTY + " is set, but the application "
					+ ((count == 0) ? "has no data source" : "has " + count + " data sources and none is @Primary")
					+ " to copy into",
					"Run the copy in an application with one data source (the starter's, from cloacina.database.url), or "
							+ "mark the one to copy into @Primary.");
		}
		ConfiguredDatabaseBackend configured = backend.getIfUnique();
		String displayUrl = (configured != null) ? configured.displayUrl()
				: (dataSource instanceof CloacinaDataSource cloacina) ? cloacina.getDisplayUrl()
						: "(the application's data source)";
		return new DatabaseCopyInitializer(dataSource, displayUrl, properties, exit.getIfAvailable(() -> CopyExit.SYSTEM));
	}

}
