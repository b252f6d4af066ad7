package io.cloacina.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import io.cloacina.sample.engine.ExecutionView;
import io.cloacina.sample.workflow.Workflows;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts instances of the sample app in this JVM, each with its own workers, on a given database.
 */
final class Instances {

	private Instances() {
	}

	static ConfigurableApplicationContext start(String url, String instanceId, int workers, String... more) {
		List<String> args = new ArrayList<>(List.of("--cloacina.database.url=" + url,
				"--sample.engine.instance-id=" + instanceId, "--sample.engine.workers=" + workers,
				"--sample.engine.poll-interval=20ms", "--sample.engine.heartbeat-interval=200ms",
				"--sample.engine.stale-after=2s", "--sample.engine.sweep-interval=300ms"));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	static List<UUID> startEtl(ConfigurableApplicationContext context, int count, int delayMillis) {
		ExecutionStore store = context.getBean(ExecutionStore.class);
		Workflows workflows = context.getBean(Workflows.class);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ObjectNode initial = JsonNodeFactory.instance.objectNode().put("size", 3).put("delayMillis", delayMillis);
			ids.add(store.create(workflows.find("etl").orElseThrow(), initial));
		}
		return ids;
	}

	static void awaitAllCompleted(JdbcTemplate jdbc, int expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int completed = 0;
		while (System.nanoTime() < deadline) {
			completed = jdbc.queryForObject("SELECT count(*) FROM workflow_execution WHERE status = 'COMPLETED'",
					Integer.class);
			if (completed >= expected) {
				return;
			}
			AbstractWorkflowApplicationTests.sleep(100);
		}
		throw new AssertionError("Only " + completed + " of " + expected + " executions completed in " + timeout);
	}

	/** Wait up to 60 s for an execution to reach a status. */
	static ExecutionView awaitStatus(ExecutionStore store, UUID id, ExecutionStatus status) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		ExecutionView execution = null;
		while (System.nanoTime() < deadline) {
			execution = store.find(id).orElseThrow();
			if (execution.status() == status) {
				return execution;
			}
			sleep(50);
		}
		throw new AssertionError("Execution " + id + " did not reach " + status + ": " + execution);
	}

	static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
