package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.DatabaseUrl;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The database the configuration names, read from the environment alone (no bean, no connection):
 * {@code cloacina.database.url}, else {@code spring.datasource.url}, else the in-memory SQLite
 * default. Connection details beans, which may replace it, are not seen here.
 */
final class ConfiguredDatabaseUrls {

	private ConfiguredDatabaseUrls() {
	}

	/**
	 * The configured database, or {@code null} when its URL cannot be parsed (startup then fails
	 * where the data source is built, with a failure analysis) or is not one of the two backends.
	 * @param environment the environment
	 * @return the URL, or {@code null}
	 */
	static DatabaseUrl ofEnvironment(Environment environment) {
		String url = environment.getProperty("cloacina.database.url");
		if (!StringUtils.hasText(url)) {
			String springUrl = environment.getProperty("spring.datasource.url");
			if (StringUtils.hasText(springUrl) && DatabaseBackend.fromJdbcUrl(springUrl).isEmpty()) {
				return null;
			}
			url = StringUtils.hasText(springUrl) ? springUrl : "sqlite::memory:";
		}
		try {
			return DatabaseUrl.parse(url);
		}
		catch (DatabaseConfigurationException ex) {
			return null;
		}
	}

}
