package io.cloacina.sample;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database that refuses every write (opened read-only here; a read-only file or a full disk look the
 * same to the engine): reads are still served, writes answer 503 with a problem, the workers back off
 * instead of logging dozens of stack traces a second, and {@code /actuator/health} says DOWN with
 * the reason.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ReadOnlyDatabaseTests {

	@TempDir
	Path directory;

	@Test
	void aLastingWriteErrorIsReportedAndBackedOffFrom(CapturedOutput output) {
		Path database = this.directory.resolve("read-only.db");
		try (ConfigurableApplicationContext seed = Instances.start("sqlite://" + database, "seed", 0)) {
			Instances.startEtl(seed, 3, 0);
		}
		int logStart = output.length();
		long closing;
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.SERVLET)
			.run("--cloacina.database.url=sqlite://" + database + "?mode=ro", "--server.port=0",
					"--sample.engine.instance-id=reader", "--sample.engine.workers=4",
					// Pauses of 20 ms doubling: about 5 s after startup the workers are in a 5 s pause.
					"--sample.engine.poll-interval=20ms")) {
			ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
			Instances.sleep(5000);
			String engineLog = output.toString().substring(logStart);
			long warnings = engineLog.lines()
				.filter((line) -> line.contains("WorkflowEngine") && !line.contains("started with"))
				.count();
			long stackTraces = engineLog.lines().filter((line) -> line.startsWith("\tat ")).count();
			System.out.printf("BENCH sample_read_only_log %d engine line(s), %d stack frame line(s), %d bytes "
					+ "from startup to 5 s after it%n", warnings, stackTraces, engineLog.length());
			assertThat(warnings).isBetween(1L, 6L);
			assertThat(stackTraces).isLessThan(200);

			assertThat(api.get("/api/executions").status()).isEqualTo(200);
			ApiClient.Response refused = api.post("/api/executions", "{\"workflow\": \"etl\"}");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.body().get("detail").asString()).contains("cannot be written");

			ApiClient.Response health = api.get("/actuator/health");
			assertThat(health.status()).isEqualTo(503);
			JsonNode engine = health.body().get("components").get("engine");
			assertThat(engine.get("status").asString()).isEqualTo("DOWN");
			assertThat(engine.get("details").get("error").asString()).containsIgnoringCase("readonly");
			assertThat(engine.get("details").get("consecutiveFailures").asInt()).isPositive();
			closing = System.nanoTime();
		}
		// Workers pausing between tries stop at once, not at the end of their pause.
		long closeMillis = (System.nanoTime() - closing) / 1_000_000;
		System.out.printf("BENCH sample_close_while_backing_off %d ms%n", closeMillis);
		assertThat(closeMillis).isLessThan(1500);
	}

}
