package io.cloacina.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import io.cloacina.sample.engine.ExecutionView;
import io.cloacina.sample.workflow.TaskDefinition;
import io.cloacina.sample.workflow.Workflow;
import io.cloacina.sample.workflow.Workflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults inside the engine: a task that throws an {@link Error} (as one that runs out of memory does)
 * fails its attempt and leaves its worker running, and the sweeper never gives a task more attempts
 * than it has, also when its worker died without a word.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class WorkerFaultsTests {

	@TempDir
	Path directory;

	@Test
	void anErrorInATaskFailsTheAttemptAndTheWorkerGoesOn(CapturedOutput output) {
		String url = "sqlite://" + this.directory.resolve("errors.db");
		// One worker: if it died, nothing would run after the Error.
		try (ConfigurableApplicationContext app = Instances.start(url, "lonely", 1,
				"--spring.main.sources=" + ExplodingWorkflow.class.getName())) {
			ExecutionStore store = app.getBean(ExecutionStore.class);
			Workflows workflows = app.getBean(Workflows.class);
			UUID exploding = store.create(workflows.find("explode").orElseThrow(), JsonNodeFactory.instance.objectNode());
			ExecutionView failed = Instances.awaitStatus(store, exploding, ExecutionStatus.FAILED);
			ExecutionView.TaskView task = failed.tasks().get(0);
			assertThat(task.attempts()).isEqualTo(3);
			assertThat(task.lastError()).contains("OutOfMemoryError").contains("simulated");
			List<UUID> etl = Instances.startEtl(app, 2, 0);
			etl.forEach((id) -> Instances.awaitStatus(store, id, ExecutionStatus.COMPLETED));
			assertThat(output).contains("ERROR").contains("OutOfMemoryError");
		}
	}

	@Test
	void theSweeperNeverGivesATaskMoreAttemptsThanItHas() {
		String url = "sqlite://" + this.directory.resolve("sweeper.db");
		// No workers: only the sweeper touches the claims.
		try (ConfigurableApplicationContext app = Instances.start(url, "sweeper", 0)) {
			ExecutionStore store = app.getBean(ExecutionStore.class);
			Workflows workflows = app.getBean(Workflows.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			DatabaseDialect dialect = app.getBean(DatabaseDialect.class);
			ValueCodec values = app.getBean(ValueCodec.class);
			UUID exhausted = store.create(workflows.find("flaky").orElseThrow(), JsonNodeFactory.instance.objectNode());
			UUID retried = store.create(workflows.find("flaky").orElseThrow(), JsonNodeFactory.instance.objectNode());
			// As a worker that died on its last attempt (killed, out of memory) leaves its claim, and one
			// that died on its first.
			claimAsDeadWorker(jdbc, dialect, values, exhausted, 3);
			claimAsDeadWorker(jdbc, dialect, values, retried, 1);
			ExecutionView failed = Instances.awaitStatus(store, exhausted, ExecutionStatus.FAILED);
			assertThat(failed.tasks().get(0).status().name()).isEqualTo("FAILED");
			assertThat(failed.tasks().get(0).attempts()).isEqualTo(3);
			assertThat(failed.tasks().get(0).lastError()).contains("stopped sending heartbeats").contains("3 of 3");
			awaitTaskStatus(store, retried, "READY");
			assertThat(store.find(retried).orElseThrow().tasks().get(0).attempts()).isEqualTo(1);
		}
	}

	private static void claimAsDeadWorker(JdbcTemplate jdbc, DatabaseDialect dialect, ValueCodec values, UUID execution,
			int attempts) {
		jdbc.update("UPDATE task_execution SET status = 'CLAIMED', claimed_by = 'dead-worker', attempts = ?, "
				+ "heartbeat_at = " + dialect.secondsAgo() + " WHERE execution_id = ?", attempts, 60,
				values.uuid(execution));
	}

	private static void awaitTaskStatus(ExecutionStore store, UUID id, String status) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (store.find(id).orElseThrow().tasks().get(0).status().name().equals(status)) {
				return;
			}
			Instances.sleep(50);
		}
		throw new AssertionError("The task of " + id + " did not become " + status);
	}

	/** A workflow whose one task throws an Error, as a task that runs out of memory does. */
	static class ExplodingWorkflow {

		@org.springframework.context.annotation.Bean
		Workflow explode() {
			return new Workflow("explode", List.of(new TaskDefinition("explode", List.of(), 3, (context, attempt, output) -> {
				throw new OutOfMemoryError("simulated: the task ran out of memory");
			})));
		}

	}

}
