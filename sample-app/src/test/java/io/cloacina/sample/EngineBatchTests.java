package io.cloacina.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.database.test.TestPostgres;
import io.cloacina.sample.engine.ExecutionStatus;
import io.cloacina.sample.engine.ExecutionStore;
import io.cloacina.sample.engine.ExecutionView;
import io.cloacina.sample.workflow.Workflows;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine claims several tasks in one transaction and records the results of several in one
 * transaction: each result is still recorded as if alone (every task once, contexts merged, retries
 * counted, a too-large output failing only its own attempt, a result whose claim was lost dropped),
 * and the tasks it claimed but never started go back when the instance stops. On a SQLite file and on PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class EngineBatchTests {

	@TempDir
	Path directory;

	private String url(String backend, String name) {
		return backend.equals("sqlite") ? "sqlite://" + this.directory.resolve(name + ".db") : TestPostgres.createDatabase();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void resultsRecordedTogetherAreEachRecordedOnce(String backend) {
		try (ConfigurableApplicationContext app = Instances.start(url(backend, "together"), "batch", 4,
				"--sample.engine.claim-batch=16")) {
			ExecutionStore store = app.getBean(ExecutionStore.class);
			Workflows workflows = app.getBean(Workflows.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			List<UUID> quick = new ArrayList<>();
			List<UUID> retried = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				quick.add(store.create(workflows.find("flaky").orElseThrow(), context("failures", 0)));
			}
			for (int i = 0; i < 30; i++) {
				retried.add(store.create(workflows.find("flaky").orElseThrow(), context("failures", 1)));
			}
			List<UUID> etl = Instances.startEtl(app, 50, 0);
			Instances.awaitAllCompleted(jdbc, 380, Duration.ofSeconds(120));
			for (UUID id : etl) {
				ExecutionView execution = store.find(id).orElseThrow();
				// size 3: the rows 1, 2, 3 reached both transforms and load through the merged context.
				assertThat(execution.context().get("sum").asLong()).isEqualTo(6);
				assertThat(execution.context().get("loaded").asInt()).isEqualTo(3);
				assertThat(execution.context().get("total").asLong()).isEqualTo(6);
				assertThat(execution.tasks()).hasSize(4).allSatisfy((task) -> assertThat(task.attempts()).isEqualTo(1));
			}
			assertThat(store.find(retried.get(0)).orElseThrow().context().get("succeededOnAttempt").asInt()).isEqualTo(2);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status <> 'COMPLETED'", Integer.class))
				.isZero();
			assertThat(jdbc.queryForObject("SELECT sum(attempts) FROM task_execution", Integer.class))
				.isEqualTo(300 + 30 * 2 + 50 * 4);
			// One attempt row per attempt, each finished: completed once, the retried ones failed once first.
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_attempt WHERE status = 'COMPLETED'", Integer.class))
				.isEqualTo(300 + 30 + 50 * 4);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_attempt WHERE status = 'FAILED'", Integer.class))
				.isEqualTo(30);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_attempt", Integer.class)).isEqualTo(300 + 60 + 200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void anOutputThatOutgrowsTheContextFailsOnlyItsOwnAttempt(String backend) {
		try (ConfigurableApplicationContext app = Instances.start(url(backend, "large"), "batch", 4,
				"--sample.engine.claim-batch=16", "--sample.engine.max-context-size=2KB")) {
			ExecutionStore store = app.getBean(ExecutionStore.class);
			Workflows workflows = app.getBean(Workflows.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			// extract of 2,000 rows outputs about 9 KB: too large, on every attempt.
			UUID large = store.create(workflows.find("etl").orElseThrow(), context("size", 2000));
			List<UUID> small = Instances.startEtl(app, 40, 0);
			Instances.awaitAllCompleted(jdbc, 40, Duration.ofSeconds(120));
			ExecutionView failed = Instances.awaitStatus(store, large, ExecutionStatus.FAILED);
			ExecutionView.TaskView extract = failed.tasks().get(0);
			assertThat(extract.name()).isEqualTo("extract");
			assertThat(extract.attempts()).isEqualTo(3);
			assertThat(extract.lastError()).contains("max-context-size");
			assertThat(failed.tasks().subList(1, 4)).allSatisfy((task) -> assertThat(task.status().name()).isEqualTo("SKIPPED"));
			assertThat(failed.context().has("rows")).isFalse();
			for (UUID id : small) {
				assertThat(store.find(id).orElseThrow().status()).isEqualTo(ExecutionStatus.COMPLETED);
			}
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_attempt WHERE status = 'FAILED'", Integer.class))
				.isEqualTo(3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void stoppingGivesBackTheClaimedTasksNoWorkerStarted(String backend) {
		String url = url(backend, "stop");
		ConfigurableApplicationContext app = Instances.start(url, "stopping", 1, "--sample.engine.claim-batch=8");
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		ExecutionStore store = app.getBean(ExecutionStore.class);
		Workflows workflows = app.getBean(Workflows.class);
		List<UUID> slow = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			slow.add(store.create(workflows.find("flaky").orElseThrow(),
					context("failures", 0).put("delayMillis", 1500)));
		}
		// One worker runs a task, the other four wait for it, claimed by this instance.
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status = 'CLAIMED'", Integer.class) < 5) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			Instances.sleep(20);
		}
		app.close();
		// The running one finished and was recorded; the waiting ones are ready for any instance, with
		// no attempt counted or recorded.
		try (ConfigurableApplicationContext reader = Instances.start(url, "reader", 0)) {
			JdbcTemplate check = reader.getBean(JdbcTemplate.class);
			assertThat(check.queryForObject("SELECT count(*) FROM task_execution WHERE status = 'COMPLETED' AND attempts = 1",
					Integer.class)).isEqualTo(1);
			assertThat(check.queryForObject("SELECT count(*) FROM task_execution WHERE status = 'READY' AND attempts = 0 "
					+ "AND claimed_by IS NULL AND started_at IS NULL", Integer.class)).isEqualTo(4);
			assertThat(check.queryForObject("SELECT count(*) FROM task_attempt", Integer.class)).isEqualTo(1);
		}
		// Another instance runs them, each once.
		try (ConfigurableApplicationContext next = Instances.start(url, "next", 4)) {
			JdbcTemplate check = next.getBean(JdbcTemplate.class);
			Instances.awaitAllCompleted(check, 5, Duration.ofSeconds(60));
			assertThat(check.queryForObject("SELECT count(*) FROM task_execution WHERE attempts <> 1", Integer.class))
				.isZero();
			assertThat(check.queryForObject("SELECT count(*) FROM task_execution WHERE claimed_by = 'next'", Integer.class))
				.isEqualTo(4);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void aResultWhoseClaimWasLostIsDropped(String backend, CapturedOutput output) {
		try (ConfigurableApplicationContext app = Instances.start(url(backend, "lost"), "loser", 1)) {
			ExecutionStore store = app.getBean(ExecutionStore.class);
			Workflows workflows = app.getBean(Workflows.class);
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			UUID slow = store.create(workflows.find("flaky").orElseThrow(), context("failures", 0).put("delayMillis", 1500));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE claimed_by = 'loser'", Integer.class) < 1) {
				assertThat(System.nanoTime()).isLessThan(deadline);
				Instances.sleep(20);
			}
			// While it runs, the task goes to another worker (as the sweeper does with a stale claim), one
			// that keeps its claim fresh for the rest of the test.
			jdbc.update("UPDATE task_execution SET claimed_by = 'winner', heartbeat_at = ? WHERE claimed_by = 'loser'",
					app.getBean(ValueCodec.class).timestamp(java.time.Instant.now().plusSeconds(3600)));
			while (!output.toString().contains("was given to another worker while it ran; its result is dropped")) {
				assertThat(System.nanoTime()).isLessThan(deadline);
				Instances.sleep(50);
			}
			ExecutionView execution = store.find(slow).orElseThrow();
			assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
			assertThat(execution.context().has("succeededOnAttempt")).isFalse();
			assertThat(execution.tasks().get(0).status().name()).isEqualTo("CLAIMED");
			assertThat(execution.tasks().get(0).claimedBy()).isEqualTo("winner");
			assertThat(jdbc.queryForObject("SELECT status FROM task_attempt", String.class)).isEqualTo("RUNNING");
		}
	}

	private static ObjectNode context(String name, int value) {
		return JsonNodeFactory.instance.objectNode().put(name, value);
	}

}
