package io.cloacina.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import io.cloacina.database.dialect.DatabaseDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app through its REST API, on each backend: the same jar, the same assertions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.engine.workers=4", "sample.engine.poll-interval=20ms" })
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class AbstractWorkflowApplicationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DatabaseDialect dialect;

	@Autowired
	ConfiguredDatabaseBackend configured;

	@Autowired
	io.cloacina.sample.engine.EngineProperties engine;

	@Autowired
	io.cloacina.database.dialect.ValueCodec values;

	/** A password the PostgreSQL variant puts in its URL (the embedded server trusts local users). */
	static final String PASSWORD = "Sampl3-Secret";

	ApiClient api() {
		return new ApiClient(this.port);
	}

	@Test
	void listsTheWorkflowsAndTheirTasks() {
		ApiClient.Response response = api().get("/api/workflows");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().findValuesAsString("name")).contains("etl", "extract", "transform_sum",
				"transform_squares", "load", "flaky", "unstable");
	}

	@Test
	void showsItsDatabaseWithThePasswordMaskedTheCloacinaHealthAndThePoolMetrics() {
		ApiClient.Response database = api().get("/api/database");
		assertThat(database.status()).isEqualTo(200);
		assertThat(database.body().get("backend").asString()).isEqualTo(this.configured.backend().id());
		assertThat(database.body().get("url").asString()).isEqualTo(this.configured.displayUrl());
		assertThat(database.body().toString()).doesNotContain(PASSWORD);
		ApiClient.Response health = api().get("/actuator/health");
		assertThat(health.body().at("/components/cloacina/status").asString()).isEqualTo("UP");
		assertThat(health.body().at("/components/cloacina/details/backend").asString())
			.isEqualTo(this.configured.backend().id());
		assertThat(health.body().toString()).doesNotContain(PASSWORD);
		ApiClient.Response pool = api().get("/actuator/metrics/hikaricp.connections.max");
		assertThat(pool.status()).isEqualTo(200);
		assertThat(pool.body().at("/measurements/0/value").asDouble()).isPositive();
		assertThat(api().getText("/")).contains("/dashboard.js");
		assertThat(api().getText("/dashboard.js")).contains("/api/status");
	}

	@Test
	void anEtlExecutionPassesDataThroughItsContextAndCompletes() {
		ApiClient.Response created = api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 4}}");
		assertThat(created.status()).isEqualTo(201);
		String id = created.body().get("id").asString();
		assertThat(created.location()).endsWith("/api/executions/" + id);
		assertThat(created.body().get("tasks")).hasSize(4);
		JsonNode done = awaitStatus(id, "COMPLETED");
		assertThat(done.get("workflow").asString()).isEqualTo("etl");
		assertThat(done.get("context").get("loaded").asInt()).isEqualTo(4);
		assertThat(done.get("context").get("total").asLong()).isEqualTo(1 + 2 + 3 + 4);
		for (JsonNode task : done.get("tasks")) {
			assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
			assertThat(task.get("attempts").asInt()).isEqualTo(1);
		}
	}

	@Test
	void aFlakyTaskIsRetriedAndItsAttemptLimitIsHonoured() {
		String recovers = api().post("/api/executions", "{\"workflow\": \"flaky\"}").body().get("id").asString();
		String doomed = api().post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 10}}")
			.body()
			.get("id")
			.asString();
		JsonNode recovered = awaitStatus(recovers, "COMPLETED");
		assertThat(recovered.get("tasks").get(0).get("attempts").asInt()).isEqualTo(2);
		assertThat(recovered.get("context").get("succeededOnAttempt").asInt()).isEqualTo(2);
		JsonNode failed = awaitStatus(doomed, "FAILED");
		JsonNode task = failed.get("tasks").get(0);
		assertThat(task.get("status").asString()).isEqualTo("FAILED");
		assertThat(task.get("attempts").asInt()).isEqualTo(3);
		assertThat(task.get("lastError").asString()).contains("unstable failed on attempt 3");
	}

	@Test
	void badRequestsGetAJsonProblemAndWriteNothing() {
		int before = executions();
		ApiClient api = api();
		assertProblem(api.post("/api/executions", "{\"workflow\": \"nope\"}"), 400, "Unknown workflow 'nope'",
				"etl, flaky");
		assertProblem(api.post("/api/executions", "{\"workflow\": "), 400, "not valid JSON");
		assertProblem(api.post("/api/executions", "[1, 2]"), 400, "must be a JSON object");
		assertProblem(api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": [1]}"), 400,
				"\"context\" must be a JSON object");
		assertProblem(api.get("/api/executions?limit=-1"), 400, "limit must be between 1 and 100");
		assertProblem(api.get("/api/executions?offset=-5"), 400, "offset must not be negative");
		assertProblem(api.get("/api/executions?limit=abc"), 400, "'limit'");
		assertProblem(api.get("/api/executions?status=SLEEPING"), 400, "Unknown status 'SLEEPING'");
		assertProblem(api.get("/api/executions/not-a-uuid"), 400, "is not an execution id");
		assertProblem(api.get("/api/executions/00000000-0000-0000-0000-000000000000"), 404, "No execution");
		assertThat(executions()).isEqualTo(before);
	}

	@Test
	void listsAPageOfExecutionsByStatus() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(api().post("/api/executions", "{\"workflow\": \"etl\"}").body().get("id").asString());
		}
		ids.forEach((id) -> awaitStatus(id, "COMPLETED"));
		JsonNode page = api().get("/api/executions?status=completed&limit=2&offset=0").body();
		assertThat(page).hasSize(2);
		page.forEach((execution) -> assertThat(execution.get("status").asString()).isEqualTo("COMPLETED"));
		assertThat(api().get("/api/executions?status=FAILED&limit=100").body())
			.allSatisfy((execution) -> assertThat(execution.get("status").asString()).isEqualTo("FAILED"));
	}

	@Test
	void twoHundredEtlExecutionsCompleteWithEveryTaskRunOnce() {
		String completedEtl = "SELECT count(*) FROM workflow_execution WHERE status = 'COMPLETED' AND workflow = 'etl'";
		int before = this.jdbc.queryForObject(completedEtl, Integer.class);
		long start = System.nanoTime();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add(api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}")
				.body()
				.get("id")
				.asString());
		}
		awaitCount(completedEtl, before + 200, Duration.ofSeconds(150));
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("BENCH sample_etl_%s %.1f executions/s (200 executions, 4 workers, one instance)%n",
				this.dialect.backend(), 200 / seconds);
		for (String id : ids) {
			JsonNode execution = api().get("/api/executions/" + id).body();
			assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
			execution.get("tasks").forEach((task) -> assertThat(task.get("attempts").asInt()).isEqualTo(1));
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status = 'CLAIMED'",
				Integer.class)).isZero();
	}

	@Test
	void statusShowsTheDatabaseThisInstanceThePoolTheCountsAndTheCompletionsPerSecond() {
		String id = api().post("/api/executions", "{\"workflow\": \"etl\"}").body().get("id").asString();
		awaitStatus(id, "COMPLETED");
		ApiClient.Response response = api().get("/api/status?seconds=60");
		assertThat(response.status()).isEqualTo(200);
		JsonNode status = response.body();
		assertThat(status.get("backend").asString()).isEqualTo(this.configured.backend().id());
		assertThat(status.get("url").asString()).isEqualTo(this.configured.displayUrl());
		assertThat(status.toString()).doesNotContain(PASSWORD);
		String instance = this.engine.getInstanceId();
		assertThat(status.get("instance").asString()).isEqualTo(instance);
		assertThat(status.get("instances").findValuesAsString("id")).contains(instance);
		JsonNode self = null;
		for (JsonNode listed : status.get("instances")) {
			if (listed.get("id").asString().equals(instance)) {
				self = listed;
			}
		}
		assertThat(self.get("self").asBoolean()).isTrue();
		assertThat(self.get("workers").asInt()).isEqualTo(4);
		assertThat(status.at("/pool/active").isNumber()).isTrue();
		assertThat(status.at("/pool/idle").isNumber()).isTrue();
		assertThat(status.at("/pool/max").asInt()).isPositive();
		assertThat(status.at("/counts/COMPLETED").asLong()).isPositive();
		assertThat(status.get("counts").propertyNames()).contains("PENDING", "RUNNING", "COMPLETED", "FAILED");
		assertThat(status.get("completedPerSecond")).hasSize(60);
		long recent = 0;
		for (JsonNode second : status.get("completedPerSecond")) {
			recent += second.asLong();
		}
		assertThat(recent).isPositive();
		assertProblem(api().get("/api/status?seconds=0"), 400, "seconds must be between 1 and 900");
	}

	@Test
	void instancesThatStoppedSendingHeartbeatsAreNotListedAndLongGoneOnesAreForgotten() {
		java.time.Instant now = java.time.Instant.now();
		String insert = "INSERT INTO engine_instance (id, workers, started_at, heartbeat_at) VALUES (?, ?, ?, ?)";
		this.jdbc.update(insert, "stopped-a-minute-ago", 2, this.values.timestamp(now.minusSeconds(120)),
				this.values.timestamp(now.minusSeconds(60)));
		this.jdbc.update(insert, "gone-for-two-hours", 2, this.values.timestamp(now.minusSeconds(7300)),
				this.values.timestamp(now.minusSeconds(7200)));
		this.jdbc.update(insert, "other-live-instance", 3, this.values.timestamp(now.minusSeconds(5)),
				this.values.timestamp(now));
		List<String> listed = api().get("/api/status").body().get("instances").findValuesAsString("id");
		assertThat(listed).contains(this.engine.getInstanceId(), "other-live-instance")
			.doesNotContain("stopped-a-minute-ago", "gone-for-two-hours");
		awaitCount("SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM engine_instance WHERE id = 'gone-for-two-hours'",
				1, Duration.ofSeconds(30));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM engine_instance WHERE id = 'stopped-a-minute-ago'",
				Integer.class)).isOne();
		this.jdbc.update("DELETE FROM engine_instance WHERE id IN ('stopped-a-minute-ago', 'other-live-instance')");
	}

	@Test
	void tasksAndTheirAttemptsHaveTimesAndTheInstanceThatRanThem() {
		String id = api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"delayMillis\": 20}}")
			.body()
			.get("id")
			.asString();
		JsonNode done = awaitStatus(id, "COMPLETED");
		java.util.Map<String, JsonNode> tasks = new java.util.HashMap<>();
		done.get("tasks").forEach((task) -> tasks.put(task.get("name").asString(), task));
		for (JsonNode task : tasks.values()) {
			java.time.Instant started = java.time.Instant.parse(task.get("startedAt").asString());
			java.time.Instant finished = java.time.Instant.parse(task.get("finishedAt").asString());
			assertThat(finished).isAfterOrEqualTo(started);
			assertThat(task.get("history")).hasSize(1);
			JsonNode attempt = task.get("history").get(0);
			assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
			assertThat(attempt.get("status").asString()).isEqualTo("COMPLETED");
			assertThat(attempt.get("instance").asString()).isEqualTo(this.engine.getInstanceId());
			assertThat(attempt.get("startedAt").asString()).isEqualTo(task.get("startedAt").asString());
			assertThat(attempt.get("finishedAt").asString()).isEqualTo(task.get("finishedAt").asString());
		}
		assertThat(java.time.Instant.parse(tasks.get("load").get("startedAt").asString()))
			.isAfterOrEqualTo(java.time.Instant.parse(tasks.get("transform_sum").get("finishedAt").asString()));
		String doomed = api().post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 10}}")
			.body()
			.get("id")
			.asString();
		JsonNode failed = awaitStatus(doomed, "FAILED").get("tasks").get(0);
		assertThat(failed.get("finishedAt").isString()).isTrue();
		JsonNode history = failed.get("history");
		assertThat(history).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(history.get(i).get("attempt").asInt()).isEqualTo(i + 1);
			assertThat(history.get(i).get("status").asString()).isEqualTo("FAILED");
			assertThat(history.get(i).get("error").asString()).contains("unstable failed on attempt " + (i + 1));
		}
	}

	@Test
	void listsAPageOfExecutionsByWorkflowAndStatus() {
		String flaky = api().post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 0}}")
			.body()
			.get("id")
			.asString();
		api().post("/api/executions", "{\"workflow\": \"etl\"}");
		awaitStatus(flaky, "COMPLETED");
		JsonNode page = api().get("/api/executions?workflow=flaky&status=COMPLETED&limit=100").body();
		assertThat(page.findValuesAsString("id")).contains(flaky);
		page.forEach((execution) -> {
			assertThat(execution.get("workflow").asString()).isEqualTo("flaky");
			assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
		});
		assertThat(api().get("/api/executions?workflow=etl&limit=100").body().findValuesAsString("id")).doesNotContain(flaky);
		assertProblem(api().get("/api/executions?workflow=nope"), 400, "Unknown workflow 'nope'", "etl, flaky");
	}

	@Test
	void theExecutionPageIsServedAtItsPath() {
		String page = api().getText("/executions/00000000-0000-0000-0000-000000000000");
		assertThat(page).contains("/api/executions/").contains("id=\"graph\"").contains("id=\"timeline\"");
	}

	JsonNode awaitStatus(String id, String status) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		JsonNode execution = null;
		while (System.nanoTime() < deadline) {
			execution = api().get("/api/executions/" + id).body();
			if (status.equals(execution.get("status").asString())) {
				return execution;
			}
			sleep(50);
		}
		throw new AssertionError("Execution " + id + " did not reach " + status + ": " + execution);
	}

	void awaitCount(String sql, int expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int count = -1;
		while (System.nanoTime() < deadline) {
			count = this.jdbc.queryForObject(sql, Integer.class);
			if (count >= expected) {
				return;
			}
			sleep(100);
		}
		throw new AssertionError("Expected " + expected + " from " + sql + " but got " + count);
	}

	private int executions() {
		return this.jdbc.queryForObject("SELECT count(*) FROM workflow_execution", Integer.class);
	}

	private static void assertProblem(ApiClient.Response response, int status, String... details) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asString()).contains(details);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
