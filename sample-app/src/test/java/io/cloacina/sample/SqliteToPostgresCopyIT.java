package io.cloacina.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.cloacina.sample.Processes.await;
import static io.cloacina.sample.Processes.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving the sample app from SQLite to PostgreSQL with the starter's run mode, as the README says: the
 * app runs on a SQLite file, completes some executions and leaves others pending or half done, stops;
 * the packaged jar copies the file into a new PostgreSQL database
 * ({@code --cloacina.copy.from=sqlite://...}, then exits with status 0 without starting its web
 * server or engine); two instances on PostgreSQL then show every completed execution as the SQLite
 * app's API did, and finish every pending one, each task once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SqliteToPostgresCopyIT {

	@TempDir
	Path directory;

	@Test
	void theCopiedAppShowsWhatWasDoneAndFinishesWhatWasNotEachTaskOnce() throws Exception {
		Path file = this.directory.resolve("sample.db");
		String sqlite = "sqlite://" + file;
		// 1. On SQLite: complete etl and flaky executions (the flaky one on its second attempt), then stop
		// while slow ones are half done.
		List<String> completed = new ArrayList<>();
		List<String> unfinished = new ArrayList<>();
		Map<String, JsonNode> shownOnSqlite = new LinkedHashMap<>();
		try (ConfigurableApplicationContext app = start(sqlite, "sqlite-one", 2)) {
			ApiClient api = api(app);
			for (int i = 0; i < 5; i++) {
				completed.add(create(api, "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}"));
			}
			completed.add(create(api, "{\"workflow\": \"flaky\", \"context\": {\"failures\": 1}}"));
			for (String id : completed) {
				awaitStatus(api, id, "COMPLETED");
			}
			for (int i = 0; i < 3; i++) {
				unfinished.add(create(api, "{\"workflow\": \"etl\", \"context\": {\"size\": 3, \"delayMillis\": 700}}"));
			}
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			await(() -> jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE task_name = 'extract' "
					+ "AND status = 'COMPLETED' AND execution_id IN (SELECT id FROM workflow_execution WHERE status <> "
					+ "'COMPLETED')", Integer.class) > 0, Duration.ofSeconds(60), "a slow execution to be half done");
			for (String id : completed) {
				shownOnSqlite.put(id, api.get("/api/executions/" + id).body());
			}
		}
		// An instance without workers takes more executions that nobody starts.
		try (ConfigurableApplicationContext idle = start(sqlite, "sqlite-idle", 0)) {
			ApiClient api = api(idle);
			for (int i = 0; i < 4; i++) {
				unfinished.add(create(api, "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}"));
			}
			unfinished.add(create(api, "{\"workflow\": \"flaky\", \"context\": {\"failures\": 0}}"));
			for (String id : completed) {
				assertThat(api.get("/api/executions/" + id).body()).isEqualTo(shownOnSqlite.get(id));
			}
		}
		int halfDone;
		int tasksDoneOnSqlite;
		try (io.cloacina.database.CloacinaDataSource source = io.cloacina.database.CloacinaDataSource
			.builder(io.cloacina.database.DatabaseUrl.parse(sqlite)).build()) {
			JdbcTemplate jdbc = new JdbcTemplate(source);
			halfDone = jdbc.queryForObject("SELECT count(DISTINCT execution_id) FROM task_execution WHERE status = "
					+ "'COMPLETED' AND execution_id IN (SELECT id FROM workflow_execution WHERE status <> 'COMPLETED')",
					Integer.class);
			tasksDoneOnSqlite = jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status = 'COMPLETED'",
					Integer.class);
		}
		assertThat(halfDone).as("executions stopped half done").isPositive();

		// 2. The copy, with the packaged jar: migrates the new database, copies, exits with 0.
		String postgres = TestPostgres.createDatabase();
		int port = freePort();
		Path log = this.directory.resolve("copy.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		// As the README writes it: the file relative to the working directory.
		Process copy = new ProcessBuilder(java, "-jar", Path.of("target/cloacina-sample-app.jar").toAbsolutePath().toString(),
				"--cloacina.database.url=" + postgres, "--cloacina.copy.from=sqlite:" + file.getFileName(),
				"--server.port=" + port)
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long copyStart = System.nanoTime();
		// While it runs, nothing listens on its web port.
		boolean listened = false;
		while (copy.isAlive() && System.nanoTime() - copyStart < TimeUnit.SECONDS.toNanos(120)) {
			try (java.net.Socket socket = new java.net.Socket()) {
				socket.connect(new java.net.InetSocketAddress("localhost", port), 100);
				listened = true;
			}
			catch (IOException ex) {
				// Not listening, as expected.
			}
			Thread.sleep(20);
		}
		assertThat(copy.waitFor(120, TimeUnit.SECONDS)).as("the copy to end").isTrue();
		assertThat(listened).as("the web port was bound during the copy").isFalse();
		double copySeconds = (System.nanoTime() - copyStart) / 1e9;
		String output = Files.readString(log);
		assertThat(copy.exitValue()).as(output).isZero();
		assertThat(output).contains("Successfully applied 2 migrations")
			.contains("Copied ")
			.contains("counts and checksums verified")
			.contains("exiting (cloacina.copy.then=exit)")
			.doesNotContain("Tomcat started on port")
			.doesNotContain("Workflow engine")
			.doesNotContain("Started SampleApplication");
		assertThat(output.indexOf("Successfully applied 2 migrations")).isLessThan(output.indexOf("Copied "));
		System.out.printf("On SQLite: %d executions completed, %d half done, %d not started (%d tasks done); "
				+ "the copy process ran %.1f s: %s%n", completed.size(), halfDone, unfinished.size() - halfDone,
				tasksDoneOnSqlite, copySeconds,
				output.lines().filter((line) -> line.contains("Copied ")).findFirst().orElse("").replaceAll("^.*: Copied", "Copied"));

		// 3. Two instances on PostgreSQL.
		try (ConfigurableApplicationContext first = start(postgres, "pg-first", 2);
				ConfigurableApplicationContext second = start(postgres, "pg-second", 2)) {
			ApiClient api = api(first);
			for (String id : completed) {
				assertThat(api.get("/api/executions/" + id).body()).as(id).isEqualTo(shownOnSqlite.get(id));
			}
			for (String id : unfinished) {
				JsonNode done = awaitStatus(api, id, "COMPLETED");
				if ("etl".equals(done.get("workflow").asString())) {
					assertThat(done.get("context").get("loaded").asInt()).isEqualTo(3);
				}
			}
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM workflow_execution WHERE status <> 'COMPLETED'",
					Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM workflow_execution", Integer.class))
				.isEqualTo(completed.size() + unfinished.size());
			// Each task ran once: one attempt, one attempt row; only the flaky task that failed once on SQLite ran twice.
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status <> 'COMPLETED'",
					Integer.class)).isZero();
			assertThat(jdbc.queryForList("SELECT task_name FROM task_execution WHERE attempts <> 1", String.class))
				.containsExactly("unstable");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution t WHERE t.attempts <> "
					+ "(SELECT count(*) FROM task_attempt a WHERE a.task_id = t.id)", Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_attempt WHERE status <> 'COMPLETED' "
					+ "AND NOT (status = 'FAILED' AND attempt = 1)", Integer.class)).isZero();
			// What SQLite had done stayed done there; the rest was shared by the two PostgreSQL instances.
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE claimed_by LIKE 'sqlite-%' "
					+ "OR id IN (SELECT task_id FROM task_attempt WHERE instance LIKE 'sqlite-%')", Integer.class))
				.isEqualTo(tasksDoneOnSqlite);
			assertThat(jdbc.queryForList("SELECT DISTINCT instance FROM task_attempt WHERE instance LIKE 'pg-%'",
					String.class)).isNotEmpty();
			// New work on PostgreSQL gets new ids after the copied ones: the copy reset the identity sequences.
			long copiedTasks = jdbc.queryForObject("SELECT max(id) FROM task_execution", Long.class);
			String added = create(api, "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}");
			awaitStatus(api, added, "COMPLETED");
			assertThat(jdbc.queryForList("SELECT id FROM task_execution WHERE execution_id = ?", Long.class,
					UUID.fromString(added))).hasSize(4).allSatisfy((id) -> assertThat(id).isGreaterThan(copiedTasks));
		}
	}

	@Test
	void theAheadOfTimeProcessedJarRefusesTheCopyInsteadOfSkippingIt() throws Exception {
		Path log = this.directory.resolve("aot.log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process copy = new ProcessBuilder(java, "-Dspring.aot.enabled=true", "-jar",
				Path.of("target/cloacina-sample-app.jar").toString(), "--cloacina.database.url=" + TestPostgres.createDatabase(),
				"--cloacina.copy.from=sqlite://" + this.directory.resolve("sample.db"), "--server.port=" + freePort())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log);
		assertThat(copy.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("the application runs from its ahead-of-time processed form")
			.doesNotContain("Tomcat started on port");
	}

	private static ConfigurableApplicationContext start(String url, String instanceId, int workers) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--cloacina.database.url=" + url,
				"--server.port=0", "--sample.engine.instance-id=" + instanceId, "--sample.engine.workers=" + workers,
				"--sample.engine.poll-interval=20ms", "--sample.engine.heartbeat-interval=200ms",
				"--sample.engine.stale-after=2s", "--sample.engine.sweep-interval=300ms");
	}

	private static ApiClient api(ConfigurableApplicationContext context) {
		return new ApiClient(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	private static String create(ApiClient api, String body) {
		ApiClient.Response response = api.post("/api/executions", body);
		assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(201);
		return response.body().get("id").asString();
	}

	private static JsonNode awaitStatus(ApiClient api, String id, String status) throws Exception {
		JsonNode[] last = new JsonNode[1];
		await(() -> {
			last[0] = api.get("/api/executions/" + id).body();
			return status.equals(last[0].get("status").asString());
		}, Duration.ofSeconds(90), "execution " + id + " to be " + status);
		return last[0];
	}

}
