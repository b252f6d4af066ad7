package io.cloacina.database.health;

import io.cloacina.database.CloacinaDataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of a {@link CloacinaDataSource}: UP with the backend, the server version
 * and the URL (password masked) when a pooled connection is valid; DOWN with the backend, the URL,
 * the error and its root cause when the database cannot be reached, also when it does not answer
 * within the {@link DatabaseHealthProbe}'s time limit. Opens no connection until asked.
 *
 * @since 0.1.0
 */
public class CloacinaDatabaseHealthIndicator implements HealthIndicator {

	private final DatabaseHealthProbe probe;

	/**
	 * Create an indicator for the given data source that answers within
	 * {@link DatabaseHealthProbe#DEFAULT_TIMEOUT}.
	 * @param dataSource the data source
	 */
	public CloacinaDatabaseHealthIndicator(CloacinaDataSource dataSource) {
		this(new DatabaseHealthProbe(dataSource, DatabaseHealthProbe.DEFAULT_TIMEOUT));
	}

	/**
	 * Create an indicator that reports what the given probe finds.
	 * @param probe the probe
	 */
	public CloacinaDatabaseHealthIndicator(DatabaseHealthProbe probe) {
		Assert.notNull(probe, "'probe' must not be null");
		this.probe = probe;
	}

	@Override
	public Health health() {
		CloacinaDataSource dataSource = this.probe.getDataSource();
		DatabaseHealthProbe.Result result = this.probe.probe();
		Health.Builder builder = (result.up() ? Health.up() : Health.down())
			.withDetail("backend", dataSource.getBackend().toString())
			.withDetail("url", dataSource.getDisplayUrl());
		if (result.up()) {
			builder.withDetail("version", result.version());
		}
		return builder.withDetails(result.failureDetails()).build();
	}

}
