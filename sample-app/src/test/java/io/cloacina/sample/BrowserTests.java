package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.cloacina.sample.engine.EngineProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page at {@code /} in a real headless Chromium: it shows the executions and their tasks and
 * keeps itself up to date. Skips where Chromium is not installed ({@code .ci/run} installs it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "sample.engine.poll-interval=20ms")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("browser.db"));
	}

	@LocalServerPort
	int port;

	@Test
	void thePageShowsExecutionsWithTheirTasksAndRefreshesItself() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
		ApiClient api = new ApiClient(this.port);
		// Slow tasks: the page is loaded while the execution still runs and must refresh to see it finish.
		String id = api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"delayMillis\": 150}}")
			.body()
			.get("id")
			.asString();
		String dom = dumpDom("/", 120_000);
		assertThat(dom).contains(id).contains("extract: COMPLETED (1)").contains("load: COMPLETED (1)");
		java.util.regex.Matcher refreshes = java.util.regex.Pattern.compile("data-refreshes=\"(\\d+)\"").matcher(dom);
		assertThat(refreshes.find()).isTrue();
		assertThat(Integer.parseInt(refreshes.group(1))).isGreaterThan(3);
		assertThat(dom).contains("Database: sqlite (sqlite://" + directory.resolve("browser.db") + "), file "
				+ directory.resolve("browser.db").toAbsolutePath());
		assertThat(dom).contains("<option value=\"etl\">etl</option>").contains("<option value=\"flaky\">flaky</option>");
		assertThat(api.get("/api/executions/" + id).body().get("status").asString()).isEqualTo("COMPLETED");
		// The header: this instance among the live ones, the pool; the counts and the chart.
		assertThat(dom).contains("This instance: <code class=\"self\">" + this.engine.getInstanceId() + "</code>")
			.contains("Live instances (1)")
			.containsPattern("Connection pool: \\d+ active, \\d+ idle")
			.containsPattern("data-status=\"COMPLETED\">COMPLETED: [1-9]")
			.contains("<a href=\"/executions/" + id + "\" title=\"" + id + "\">" + id.substring(0, 8) + "</a>")
			// The context textarea is filled with the workflow's parameters at their defaults.
			.containsPattern("<textarea id=\"context\"[^>]*>\\{\\s*\"size\": 10,\\s*\"delayMillis\": 0\\s*}</textarea>")
			.doesNotContainPattern("<span id=\"updated\"[^>]*>Cannot reach the API");
		java.util.regex.Matcher total = java.util.regex.Pattern.compile("id=\"chart\"[^>]*data-total=\"(\\d+)\"")
			.matcher(dom);
		assertThat(total.find()).as("the chart counts completions").isTrue();
		assertThat(Integer.parseInt(total.group(1))).isPositive();
	}

	@Test
	void aContextEditedOnThePageReachesTheExecutionAndABadOneShowsTheProblem() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
		// The page reads the form's values from its address (workflow, context) and submits the form.
		String dom = dumpDom("/?workflow=etl&start=true&context=" + encode("{\"size\": 7, \"delayMillis\": 0}"), 5_000);
		java.util.regex.Matcher started = java.util.regex.Pattern.compile("id=\"started\" href=\"/executions/([0-9a-f-]{36})\"")
			.matcher(dom);
		assertThat(started.find()).as("the page says which execution it started").isTrue();
		ApiClient api = new ApiClient(this.port);
		JsonNode execution = awaitFinished(api, started.group(1));
		assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(execution.at("/context/size").asInt()).isEqualTo(7);
		assertThat(execution.at("/context/loaded").asInt()).isEqualTo(7);
		String refused = dumpDom("/?workflow=etl&start=true&context=" + encode("{\"size\": -1}"), 5_000);
		assertThat(refused).contains("class=\"message problem\">\"context.size\" (rows to extract) must be a whole number "
				+ "between 0 and 10000, not '-1'");
		String malformed = dumpDom("/?workflow=etl&start=true&context=" + encode("{size: 1"), 5_000);
		assertThat(malformed).contains("class=\"message problem\">The context is not valid JSON");
	}

	@Test
	void theExecutionPageDrawsTheWorkflowAsAGraphWithTheTimelineOfItsAttempts() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
		ApiClient api = new ApiClient(this.port);
		String id = api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}").body().get("id").asString();
		awaitFinished(api, id);
		String dom = dumpDom("/executions/" + id, 5_000);
		assertThat(count(dom, "<g class=\"node\"")).isEqualTo(4);
		for (String task : new String[] { "extract", "transform_sum", "transform_squares", "load" }) {
			assertThat(dom).contains("<g class=\"node\" data-task=\"" + task + "\" data-status=\"COMPLETED\">");
		}
		// One edge per dependency: extract to both transforms, both transforms to load.
		assertThat(count(dom, "class=\"edge\"")).isEqualTo(4);
		assertThat(dom).contains("data-from=\"extract\" data-to=\"transform_sum\"")
			.contains("data-from=\"transform_squares\" data-to=\"load\"");
		assertThat(count(dom, "<g class=\"attempt\"")).isEqualTo(4);
		assertThat(dom).contains("data-instance=\"" + this.engine.getInstanceId() + "\"")
			.contains("\"loaded\": 3")
			.contains("id=\"status\" class=\"COMPLETED\">COMPLETED");
	}

	@Test
	void aFailedTasksErrorsAppearOnTheExecutionPage() throws Exception {
		assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
		ApiClient api = new ApiClient(this.port);
		String id = api.post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 5}}")
			.body()
			.get("id")
			.asString();
		assertThat(awaitFinished(api, id).get("status").asString()).isEqualTo("FAILED");
		String dom = dumpDom("/executions/" + id, 5_000);
		assertThat(count(dom, "<g class=\"node\"")).isEqualTo(1);
		assertThat(dom).contains("<g class=\"node\" data-task=\"unstable\" data-status=\"FAILED\">")
			.contains("FAILED, attempt 3 of 3")
			.contains("<td class=\"error\">IllegalStateException: unstable failed on attempt 3</td>")
			.contains("<td class=\"error\">IllegalStateException: unstable failed on attempt 1</td>")
			.contains("<td class=\"error\">IllegalStateException: unstable failed on attempt 2</td>");
		assertThat(count(dom, "<g class=\"attempt\"")).isEqualTo(3);
		assertThat(dumpDom("/executions/00000000-0000-0000-0000-000000000000", 3_000))
			.contains("No execution 00000000-0000-0000-0000-000000000000");
	}

	static JsonNode awaitFinished(ApiClient api, String id) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (true) {
			JsonNode execution = api.get("/api/executions/" + id).body();
			String status = execution.get("status").asString();
			if (status.equals("COMPLETED") || status.equals("FAILED") || System.nanoTime() > deadline) {
				return execution;
			}
			AbstractWorkflowApplicationTests.sleep(50);
		}
	}

	static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Autowired
	EngineProperties engine;

	private String dumpDom(String path, int virtualTimeMillis) throws Exception {
		return dumpDom(directory, this.port, path, virtualTimeMillis);
	}

	/** The DOM of a page after Chromium ran its scripts for the given virtual time. */
	static String dumpDom(Path directory, int port, String path, int virtualTimeMillis) throws Exception {
		Path profile = Files.createTempDirectory(directory, "chromium");
		Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
				"--virtual-time-budget=" + virtualTimeMillis, "--dump-dom", "http://localhost:" + port + path)
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String dom = new String(chromium.getInputStream().readAllBytes());
		assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return dom;
	}

}
