package io.cloacina.sample.engine;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code engine} health component: DOWN when a worker has stopped, or when the last
 * {@value EngineStatus#DOWN_AFTER_FAILURES} or more database operations of the workers and the sweeper
 * failed in a row (a read-only database, a full disk, an outage), with the last error; UP otherwise.
 * Reads what the engine recorded, so it never waits for the database.
 */
@Component("engineHealthIndicator")
class EngineHealthIndicator implements HealthIndicator {

	private final EngineStatus status;

	private final EngineProperties properties;

	private final WorkflowEngine engine;

	EngineHealthIndicator(EngineStatus status, EngineProperties properties, WorkflowEngine engine) {
		this.status = status;
		this.properties = properties;
		this.engine = engine;
	}

	@Override
	public Health health() {
		EngineStatus.Snapshot snapshot = this.status.snapshot();
		int workers = this.engine.isRunning() ? this.properties.getWorkers() : 0;
		Health.Builder builder = Health.up()
			.withDetail("workers", snapshot.aliveWorkers() + " of " + workers + " running")
			.withDetail("consecutiveFailures", snapshot.consecutiveFailures());
		if (snapshot.aliveWorkers() < workers) {
			builder.down().withDetail("error", (workers - snapshot.aliveWorkers()) + " worker(s) stopped");
		}
		if (snapshot.consecutiveFailures() >= EngineStatus.DOWN_AFTER_FAILURES) {
			builder.down()
				.withDetail("error", snapshot.lastError())
				.withDetail("failingSince", String.valueOf(snapshot.failingSince()));
		}
		return builder.build();
	}

}
