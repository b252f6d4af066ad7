package io.cloacina.database.autoconfigure;

import java.nio.file.Path;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of a {@link CloacinaDataSource} whose backend, PostgreSQL or SQLite, is picked
 * at run time by {@code cloacina.database.url}. It runs before Spring Boot's own data source
 * auto-configuration, which then backs off; Boot's JdbcTemplate, JdbcClient, transaction manager,
 * Flyway, health and metrics auto-configurations pick the data source up as any other. Connection
 * details ({@link CloacinaConnectionDetails}, or Boot's {@code JdbcConnectionDetails} from
 * {@code @ServiceConnection} or Docker Compose) take precedence over {@code cloacina.database.url}.
 * When Spring Boot builds the data source ({@code spring.datasource.url}), only the
 * {@link ConfiguredDatabaseBackend} is registered, for the dialect and the integrations.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = { DataSourceAutoConfiguration.class, XADataSourceAutoConfiguration.class })
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@EnableConfigurationProperties(CloacinaDatabaseProperties.class)
@Import({ CloacinaDataSourceAutoConfiguration.CloacinaDataSourceConfiguration.class,
		CloacinaDataSourceAutoConfiguration.BootDataSourceBackendConfiguration.class })
public final class CloacinaDataSourceAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CloacinaDataSourceAutoConfiguration.class);

	private static final String FLYWAY_TRANSACTIONAL_LOCK = "spring.flyway.postgresql.transactional-lock";

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnCloacinaDataSourceCondition.class)
	@ConditionalOnMissingBean({ DataSource.class, XADataSource.class })
	static class CloacinaDataSourceConfiguration {

		@Bean
		@ConditionalOnMissingBean(CloacinaConnectionDetails.class)
		@ConditionalOnSingleCandidate(JdbcConnectionDetails.class)
		CloacinaConnectionDetails jdbcAdaptingCloacinaConnectionDetails(JdbcConnectionDetails jdbcConnectionDetails) {
			return JdbcAdaptingCloacinaConnectionDetailsFactory.adapt(jdbcConnectionDetails);
		}

		@Bean
		@ConditionalOnMissingBean(CloacinaConnectionDetails.class)
		PropertiesCloacinaConnectionDetails cloacinaConnectionDetails(CloacinaDatabaseProperties properties,
				Environment environment) {
			return new PropertiesCloacinaConnectionDetails(properties, environment);
		}

		@Bean
		@ConfigurationProperties("cloacina.database.hikari")
		CloacinaDataSource dataSource(CloacinaDatabaseProperties properties, CloacinaConnectionDetails connectionDetails,
				ConfigurableBeanFactory beanFactory, Environment environment) {
			if (connectionDetails instanceof PropertiesCloacinaConnectionDetails details && details.isDefault()) {
				logger.info("No cloacina.database.url is set: using an in-memory SQLite database that lives as long "
						+ "as the application. Set cloacina.database.url to keep the data, e.g. "
						+ "sqlite://data/app.db (SQLite file) or postgresql://user@host:5432/db (PostgreSQL).");
			}
			DatabaseUrl url = DatabaseBackendResolver.databaseUrl(connectionDetails);
			checkDriver(url, beanFactory.getBeanClassLoader());
			try {
				CloacinaDataSource dataSource = CloacinaDataSource.builder(url)
					.properties(properties.getProperties())
					.schema(properties.getSchema())
					.pooler(properties.getPooler())
					.build();
				if (dataSource.getPooler().sharesSessions()) {
					checkTransactionPooling(environment);
				}
				logger.info("Cloacina database backend: " + url.backend() + " (" + url.displayUrl() + "), "
						+ whereDataGoes(url, properties.getSchema())
						+ (dataSource.getPooler().sharesSessions() ? ", through a connection pooler in transaction mode "
								+ "(no server-side prepared statements, no session state)" : ""));
				return dataSource;
			}
			catch (DatabaseConfigurationException ex) {
				throw ConfigurationProblems.from(ex, DatabaseBackendResolver.URL_PROPERTY);
			}
		}

		@Bean
		@ConditionalOnMissingBean
		ConfiguredDatabaseBackend configuredDatabaseBackend(CloacinaConnectionDetails connectionDetails) {
			return DatabaseBackendResolver.configured(DatabaseBackendResolver.databaseUrl(connectionDetails));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnBootDataSourceBackendCondition.class)
	static class BootDataSourceBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConfiguredDatabaseBackend configuredDatabaseBackend(Environment environment,
				ObjectProvider<JdbcConnectionDetails> jdbcConnectionDetails) {
			// Boot's data source connects where its connection details say (spring.datasource.url, or a
			// service connection that replaces it): the same rule as the starter's data source.
			JdbcConnectionDetails details = jdbcConnectionDetails.getIfUnique();
			DatabaseUrl url = (details != null)
					? DatabaseBackendResolver.databaseUrl(JdbcAdaptingCloacinaConnectionDetailsFactory.adapt(details))
					: DatabaseBackendResolver.resolve(environment, null).url();
			if (url == null) {
				throw new DatabaseConfigurationException("Spring Boot's data source is neither PostgreSQL nor SQLite",
						"Set spring.datasource.url to a jdbc:postgresql: or jdbc:sqlite: URL. "
								+ ConfigurationProblems.SETTINGS);
			}
			logger.info("Cloacina database backend: " + url.backend() + " (" + url.displayUrl()
					+ ", Spring Boot's data source), " + whereDataGoes(url, null));
			return DatabaseBackendResolver.configured(url);
		}

	}

	/**
	 * Where the data goes, for the startup line: the absolute SQLite file, memory, or the PostgreSQL
	 * schema.
	 */
	static String whereDataGoes(DatabaseUrl url, @Nullable String schema) {
		if (url.backend() == DatabaseBackend.SQLITE) {
			Path file = url.file();
			return (file != null) ? "data in file " + file.toAbsolutePath().normalize()
					: "data in memory only, gone when the application stops";
		}
		return StringUtils.hasText(schema) ? "schema " + schema : "schema from the server's search_path";
	}

	/**
	 * What cannot work behind a pooler in transaction mode, refused at startup rather than found in
	 * production: a lock that belongs to a server session would be taken on one session and released on
	 * another, or never.
	 */
	private static void checkTransactionPooling(Environment environment) {
		if (Boolean.FALSE.equals(environment.getProperty(FLYWAY_TRANSACTIONAL_LOCK, Boolean.class))) {
			throw new DatabaseConfigurationException(FLYWAY_TRANSACTIONAL_LOCK + "=false makes Flyway lock the "
					+ "migrations with a session-level advisory lock, which cannot work behind a connection pooler in "
					+ "transaction mode (the lock and its release would run on different server sessions, leaving "
					+ "the lock held)",
					"Remove " + FLYWAY_TRANSACTIONAL_LOCK + " (Flyway's default, true, locks within each migration's "
							+ "transaction), or run the migrations over a direct connection to the server.");
		}
	}

	private static void checkDriver(DatabaseUrl url, @Nullable ClassLoader classLoader) {
		String driver = url.backend().driverClassName();
		if (!ClassUtils.isPresent(driver, classLoader)) {
			throw new DatabaseConfigurationException(
					"The " + url.backend() + " JDBC driver " + driver + " is not on the class path, but the database "
							+ url.displayUrl() + " needs it",
					"Add " + url.backend().driverArtifact() + " to the application's dependencies "
							+ "(cloacina-spring-boot-starter brings both drivers), or set cloacina.database.url to a "
							+ "database whose driver is present.");
		}
	}

}
