package io.cloacina.database.health;

import java.sql.Connection;
import java.sql.DatabaseMetaData;

import io.cloacina.database.CloacinaDataSource;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of a {@link CloacinaDataSource}: UP with the backend, the server version
 * and the URL (password masked) when a pooled connection is valid; DOWN with the backend, the URL
 * and the failure when the database cannot be reached. Opens no connection until asked.
 *
 * @since 0.1.0
 */
public class CloacinaDatabaseHealthIndicator extends AbstractHealthIndicator {

	private static final int VALIDATION_TIMEOUT_SECONDS = 5;

	private final CloacinaDataSource dataSource;

	/**
	 * Create an indicator for the given data source.
	 * @param dataSource the data source
	 */
	public CloacinaDatabaseHealthIndicator(CloacinaDataSource dataSource) {
		super("Cloacina database health check failed");
		Assert.notNull(dataSource, "'dataSource' must not be null");
		this.dataSource = dataSource;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		builder.withDetail("backend", this.dataSource.getBackend().toString())
			.withDetail("url", this.dataSource.getDisplayUrl());
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			builder.withDetail("version", metaData.getDatabaseProductVersion());
			if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
				builder.up();
			}
			else {
				builder.down().withDetail("validation", "the connection is not valid");
			}
		}
	}

}
