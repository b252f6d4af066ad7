package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.cloacina.sample.Processes.await;
import static io.cloacina.sample.Processes.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the packaged jar on one PostgreSQL database; one is killed with SIGKILL while it
 * runs tasks. The other finishes every execution: no task is lost or left claimed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KillInstanceIT {

	@TempDir
	Path directory;

	@Test
	void theSurvivorFinishesTheWorkOfAKilledInstance() throws Exception {
		String url = TestPostgres.createDatabase();
		Process victim = start("victim", url);
		Process survivor = start("survivor", url);
		try (CloacinaDataSource dataSource = CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			ApiClient api = new ApiClient(port("victim"));
			for (int i = 0; i < 30; i++) {
				assertThat(api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 3, \"delayMillis\": 300}}")
					.status()).isEqualTo(201);
			}
			await(() -> jdbc.queryForObject(
					"SELECT count(*) FROM task_execution WHERE claimed_by = 'victim' AND status = 'CLAIMED'",
					Integer.class) > 0, Duration.ofSeconds(60), "the victim to run tasks");
			victim.destroyForcibly();
			assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(victim.exitValue()).isEqualTo(137); // SIGKILL
			int orphaned = jdbc.queryForObject(
					"SELECT count(*) FROM task_execution WHERE claimed_by = 'victim' AND status = 'CLAIMED'", Integer.class);
			Instances.awaitAllCompleted(jdbc, 30, Duration.ofSeconds(120));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE status <> 'COMPLETED'",
					Integer.class)).isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution", Integer.class)).isEqualTo(120);
			assertThat(jdbc.queryForList("SELECT context FROM workflow_execution", String.class))
				.allSatisfy((context) -> assertThat(context).contains("\"loaded\":3"));
			System.out.printf("Killed instance left %d task(s) claimed; all were run again by the survivor%n", orphaned);
			assertThat(orphaned).isPositive();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM task_execution WHERE attempts = 2 AND claimed_by = 'survivor'",
					Integer.class)).isGreaterThanOrEqualTo(orphaned);
		}
		finally {
			victim.destroyForcibly();
			survivor.destroy();
			survivor.waitFor(30, TimeUnit.SECONDS);
		}
	}

	private final java.util.Map<String, Integer> ports = new java.util.HashMap<>();

	private int port(String name) {
		return this.ports.get(name);
	}

	private Process start(String name, String url) throws Exception {
		int port = freePort();
		this.ports.put(name, port);
		Path log = this.directory.resolve(name + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-jar", Path.of("target/cloacina-sample-app.jar").toString(),
				"--cloacina.database.url=" + url, "--server.port=" + port, "--sample.engine.instance-id=" + name,
				"--sample.engine.workers=2", "--sample.engine.poll-interval=20ms",
				"--sample.engine.heartbeat-interval=200ms", "--sample.engine.stale-after=2s",
				"--sample.engine.sweep-interval=300ms"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		await(() -> Files.readString(log).contains("Started SampleApplication"), Duration.ofSeconds(90),
				name + " to start (log " + log + ")");
		return process;
	}

}
