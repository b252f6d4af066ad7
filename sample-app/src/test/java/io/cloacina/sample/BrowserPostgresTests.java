package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages in headless Chromium with two instances on one PostgreSQL: the header lists both, and an
 * execution's timeline shows which of them ran each attempt.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrowserPostgresTests {

	@TempDir
	Path directory;

	@Test
	void theHeaderListsBothInstancesAndTheTimelineShowsTheWorkOfEach() throws Exception {
		assumeTrue(Files.isExecutable(BrowserTests.CHROMIUM), "Chromium is not installed at " + BrowserTests.CHROMIUM);
		String url = TestPostgres.createDatabase();
		try (ConfigurableApplicationContext first = start(url, "first"); ConfigurableApplicationContext second = start(url, "second")) {
			int port = Integer.parseInt(first.getEnvironment().getProperty("local.server.port"));
			ApiClient api = new ApiClient(port);
			List<String> ids = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				ids.add(api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"delayMillis\": 100}}")
					.body()
					.get("id")
					.asString());
			}
			String shared = null;
			for (String id : ids) {
				JsonNode execution = BrowserTests.awaitFinished(api, id);
				assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
				Set<String> instances = new HashSet<>();
				execution.get("tasks").forEach((task) -> task.get("history")
					.forEach((attempt) -> instances.add(attempt.get("instance").asString())));
				if (instances.size() == 2 && shared == null) {
					shared = id;
				}
			}
			assertThat(shared).as("an execution whose tasks ran on both instances").isNotNull();
			String dom = BrowserTests.dumpDom(this.directory, port, "/executions/" + shared, 3_000);
			assertThat(dom).contains("Live instances (2)")
				.contains("This instance: <code class=\"self\">first</code>")
				.contains("<code class=\"instance\"")
				.contains("data-instance=\"first\"")
				.contains("data-instance=\"second\"")
				.contains("data-instances=\"2\"")
				.contains("(instance 1)")
				.contains("(instance 2)")
				.contains("Database: postgresql (");
			assertThat(BrowserTests.count(dom, "<g class=\"attempt\"")).isEqualTo(4);
		}
	}

	private static ConfigurableApplicationContext start(String url, String instanceId) {
		return new SpringApplicationBuilder(SampleApplication.class).web(WebApplicationType.SERVLET)
			.run("--cloacina.database.url=" + url, "--server.port=0", "--sample.engine.instance-id=" + instanceId,
					"--sample.engine.workers=2", "--sample.engine.claim-batch=1", "--sample.engine.poll-interval=20ms",
					"--sample.engine.heartbeat-interval=200ms", "--sample.engine.stale-after=2s");
	}

}
