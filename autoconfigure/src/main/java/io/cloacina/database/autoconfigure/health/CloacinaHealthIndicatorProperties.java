package io.cloacina.database.autoconfigure.health;

import java.time.Duration;

import io.cloacina.database.health.DatabaseHealthProbe;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the starter's database health check.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.health.cloacina")
public class CloacinaHealthIndicatorProperties {

	/**
	 * Longest time a health request waits for the database, for both the cloacina and the db
	 * components; after it they report DOWN, although the pool would wait its connection-timeout.
	 */
	private Duration timeout = DatabaseHealthProbe.DEFAULT_TIMEOUT;

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
