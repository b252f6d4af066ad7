package io.cloacina.database.autoconfigure.health;

import io.cloacina.database.health.DatabaseHealthProbe;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot's {@code db} component for the starter's data source, with the details Boot's own
 * {@code DataSourceHealthIndicator} gives ({@code database}, {@code validationQuery}), from the shared
 * {@link DatabaseHealthProbe}: it answers within the probe's time limit during an outage instead of
 * waiting the pool's connection-timeout.
 */
class ProbedDataSourceHealthIndicator implements HealthIndicator {

	private final DatabaseHealthProbe probe;

	ProbedDataSourceHealthIndicator(DatabaseHealthProbe probe) {
		this.probe = probe;
	}

	@Override
	public Health health() {
		DatabaseHealthProbe.Result result = this.probe.probe();
		if (result.up()) {
			return Health.up().withDetail("database", result.product()).withDetail("validationQuery", "isValid()").build();
		}
		return Health.down().withDetails(result.failureDetails()).build();
	}

}
