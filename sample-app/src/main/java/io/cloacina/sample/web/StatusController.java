package io.cloacina.sample.web;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import io.cloacina.sample.engine.EngineProperties;
import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status}: what the page's header and chart show. The database (backend, URL with the
 * password masked, SQLite file), this instance and the live ones (each renews its row in
 * {@code engine_instance}; their ids are those of {@code claimed_by} and of the attempts), the
 * connection pool (Hikari's Micrometer gauges), the executions by status and the executions
 * completed in each of the last {@code seconds} seconds.
 */
@RestController
class StatusController {

	/** The longest window of the completions chart. */
	static final int MAX_SECONDS = 900;

	private final ConfiguredDatabaseBackend database;

	private final ExecutionStore store;

	private final EngineProperties engine;

	private final ObjectProvider<MeterRegistry> meters;

	StatusController(ConfiguredDatabaseBackend database, ExecutionStore store, EngineProperties engine,
			ObjectProvider<MeterRegistry> meters) {
		this.database = database;
		this.store = store;
		this.engine = engine;
		this.meters = meters;
	}

	@GetMapping("/api/status")
	StatusResponse status(@RequestParam(defaultValue = "300") int seconds) {
		if (seconds < 1 || seconds > MAX_SECONDS) {
			throw new ExecutionController.BadRequestException(
					"seconds must be between 1 and " + MAX_SECONDS + ", not " + seconds);
		}
		Path file = this.database.file();
		Instant now = Instant.now();
		List<InstanceResponse> instances = this.store.liveInstances(this.engine.getStaleAfter())
			.stream()
			.map((instance) -> new InstanceResponse(instance.id(), instance.workers(), instance.startedAt(),
					instance.heartbeatAt(), instance.id().equals(this.engine.getInstanceId())))
			.toList();
		return new StatusResponse(this.database.backend().id(), this.database.displayUrl(),
				(file != null) ? file.toString() : null, this.engine.getInstanceId(), instances, pool(),
				this.store.countsByStatus(), now, this.store.completedPerSecond(now, seconds));
	}

	private PoolResponse pool() {
		MeterRegistry registry = this.meters.getIfAvailable();
		if (registry == null) {
			return new PoolResponse(null, null, null, null);
		}
		return new PoolResponse(gauge(registry, "hikaricp.connections.active"), gauge(registry, "hikaricp.connections.idle"),
				gauge(registry, "hikaricp.connections.pending"), gauge(registry, "hikaricp.connections.max"));
	}

	private static @Nullable Integer gauge(MeterRegistry registry, String name) {
		double sum = 0;
		boolean found = false;
		for (Gauge gauge : registry.find(name).gauges()) {
			double value = gauge.value();
			if (!Double.isNaN(value)) {
				sum += value;
				found = true;
			}
		}
		return found ? (int) sum : null;
	}

	record StatusResponse(String backend, String url, @Nullable String file, String instance,
			List<InstanceResponse> instances, PoolResponse pool, Map<ExecutionStatus, Long> counts, Instant now,
			long[] completedPerSecond) {

	}

	record InstanceResponse(String id, int workers, Instant startedAt, Instant heartbeatAt, boolean self) {

	}

	record PoolResponse(@Nullable Integer active, @Nullable Integer idle, @Nullable Integer pending,
			@Nullable Integer max) {

	}

}
