package io.cloacina.database.autoconfigure;

import javax.sql.DataSource;
import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.UrlMasking;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
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
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = { DataSourceAutoConfiguration.class, XADataSourceAutoConfiguration.class })
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@EnableConfigurationProperties(CloacinaDatabaseProperties.class)
public final class CloacinaDataSourceAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CloacinaDataSourceAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnCloacinaDataSourceCondition.class)
	@ConditionalOnMissingBean({ DataSource.class, XADataSource.class })
	static class CloacinaDataSourceConfiguration {

		@Bean
		@ConfigurationProperties("cloacina.database.hikari")
		CloacinaDataSource dataSource(CloacinaDatabaseProperties properties, ListableBeanFactory beanFactory) {
			CloacinaConnectionDetails details = ConnectionDetailsLookup.find(beanFactory);
			DatabaseUrl url = (details != null)
					? DatabaseUrl.parse(details.getUrl()).withCredentials(details.getUsername(), details.getPassword())
					: properties.determineDatabaseUrl();
			if (details == null && !StringUtils.hasText(properties.getUrl())) {
				logger.info("No cloacina.database.url is set: using an in-memory SQLite database that lives as long "
						+ "as the application. Set cloacina.database.url to keep the data, e.g. "
						+ "sqlite://data/app.db (SQLite file) or postgresql://user@host:5432/db (PostgreSQL).");
			}
			checkDriver(url, beanFactory);
			CloacinaDataSource dataSource = CloacinaDataSource.builder(url)
				.properties(properties.getProperties())
				.schema(properties.getSchema())
				.build();
			announce(dataSource.getBackend(), dataSource.getDisplayUrl());
			return dataSource;
		}

		@Bean
		@ConditionalOnMissingBean
		ConfiguredDatabaseBackend configuredDatabaseBackend(CloacinaDataSource dataSource) {
			return new ConfiguredDatabaseBackend(dataSource.getBackend(), dataSource.getDisplayUrl());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnBootDataSourceBackendCondition.class)
	static class BootDataSourceBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConfiguredDatabaseBackend configuredDatabaseBackend(Environment environment) {
			String url = environment.getRequiredProperty("spring.datasource.url");
			DatabaseBackend backend = DatabaseBackend.fromJdbcUrl(url).orElseThrow();
			announce(backend, UrlMasking.mask(url));
			return new ConfiguredDatabaseBackend(backend, UrlMasking.mask(url));
		}

	}

	private static void checkDriver(DatabaseUrl url, ListableBeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		String driver = url.backend().driverClassName();
		if (!ClassUtils.isPresent(driver, classLoader)) {
			String artifact = (url.backend() == DatabaseBackend.POSTGRESQL) ? "org.postgresql:postgresql"
					: "org.xerial:sqlite-jdbc";
			throw new DatabaseConfigurationException(
					"The " + url.backend() + " JDBC driver " + driver + " is not on the class path, but the database "
							+ url.displayUrl() + " needs it",
					"Add " + artifact + " to the application's dependencies (cloacina-spring-boot-starter brings "
							+ "both drivers), or set cloacina.database.url to a database whose driver is present.");
		}
	}

	private static void announce(DatabaseBackend backend, String displayUrl) {
		logger.info("Cloacina database backend: " + backend + " (" + displayUrl + ")");
	}

}
