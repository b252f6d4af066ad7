package io.cloacina.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test (its name keeps it out of the build): makes the README's screenshots of both pages with
 * headless Chromium, on a SQLite file with some work done. Run it once by hand:
 * <pre>mvn -o -B -pl sample-app -am test -Dtest=Screenshots -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * The PNGs go to {@code docs/images/} ({@code -Dscreenshots.dir} for elsewhere).
 */
class Screenshots {

	@TempDir
	Path directory;

	@Test
	void takeScreenshots() throws Exception {
		Path target = Path.of(System.getProperty("screenshots.dir", "../docs/images")).toAbsolutePath().normalize();
		Files.createDirectories(target);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.SERVLET)
			.run("--cloacina.database.url=sqlite://" + this.directory.resolve("sample.db"), "--server.port=0",
					"--sample.engine.poll-interval=20ms", "--logging.level.root=warn")) {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			ApiClient api = new ApiClient(port);
			// Some work for the chart: a few dozen executions a second for half a minute, rising and falling.
			for (int second = 0; second < 30; second++) {
				int count = 5 + (int) (20 * Math.sin(Math.PI * second / 30));
				for (int i = 0; i < count; i++) {
					api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 20}}");
				}
				TimeUnit.MILLISECONDS.sleep(1000);
			}
			api.post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 5}}");
			api.post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 1}}");
			String etl = api.post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 5, \"delayMillis\": 400}}")
				.body()
				.get("id")
				.asString();
			BrowserTests.awaitFinished(api, etl);
			String flaky = api.post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": 2, \"delayMillis\": 300}}")
				.body()
				.get("id")
				.asString();
			BrowserTests.awaitFinished(api, flaky);
			screenshot(port, "/", target.resolve("sample-app-executions.png"));
			screenshot(port, "/executions/" + etl, target.resolve("sample-app-execution.png"));
			screenshot(port, "/executions/" + flaky, target.resolve("sample-app-execution-retried.png"));
		}
	}

	private void screenshot(int port, String path, Path file) throws Exception {
		Path profile = Files.createTempDirectory(this.directory, "chromium");
		Process chromium = new ProcessBuilder(BrowserTests.CHROMIUM.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1200,800", "--virtual-time-budget=3000",
				"--screenshot=" + file, "http://localhost:" + port + path)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(file).exists();
		System.out.println("Screenshot " + file + " (" + Files.size(file) + " bytes)");
	}

}
