package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

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
		String dom = dumpDom(120_000);
		assertThat(dom).contains(id).contains("extract: COMPLETED (1)").contains("load: COMPLETED (1)");
		java.util.regex.Matcher refreshes = java.util.regex.Pattern.compile("data-refreshes=\"(\\d+)\"").matcher(dom);
		assertThat(refreshes.find()).isTrue();
		assertThat(Integer.parseInt(refreshes.group(1))).isGreaterThan(3);
		assertThat(dom).contains("Database: sqlite (sqlite://" + directory.resolve("browser.db") + "), file "
				+ directory.resolve("browser.db").toAbsolutePath());
		assertThat(dom).contains("<option value=\"etl\">etl</option>").contains("<option value=\"flaky\">flaky</option>");
		assertThat(api.get("/api/executions/" + id).body().get("status").asString()).isEqualTo("COMPLETED");
	}

	private String dumpDom(int virtualTimeMillis) throws Exception {
		Path profile = Files.createTempDirectory(directory, "chromium");
		Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
				"--virtual-time-budget=" + virtualTimeMillis, "--dump-dom", "http://localhost:" + this.port + "/")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String dom = new String(chromium.getInputStream().readAllBytes());
		assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return dom;
	}

}
