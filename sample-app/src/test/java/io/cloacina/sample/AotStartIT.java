package io.cloacina.sample;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, processed ahead of time by {@code spring-boot:process-aot} at build time (with
 * the SQLite URL of application.yml), started with {@code -Dspring.aot.enabled=true} on each backend:
 * it runs an execution to completion.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AotStartIT {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void theAotProcessedJarStartsAndRunsWorkflows(String backend) throws Exception {
		String url = backend.equals("sqlite") ? "sqlite://" + this.directory.resolve("aot.db")
				: TestPostgres.createDatabase();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = this.directory.resolve("aot-" + backend + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(List.of(java, "-Dspring.aot.enabled=true", "-jar",
				"target/cloacina-sample-app.jar", "--cloacina.database.url=" + url, "--server.port=" + port,
				"--sample.engine.poll-interval=20ms"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			while (!Files.readString(log).contains("Started SampleApplication") && System.nanoTime() < deadline) {
				assertThat(process.isAlive()).as("the AOT-processed app exited: %s", Files.readString(log)).isTrue();
				Thread.sleep(200);
			}
			assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication")
				.contains("Cloacina database backend: " + backend);
			ApiClient api = new ApiClient(port);
			String id = api.post("/api/executions", "{\"workflow\": \"etl\"}").body().get("id").asString();
			String status = "";
			long done = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (!status.equals("COMPLETED") && System.nanoTime() < done) {
				status = api.get("/api/executions/" + id).body().get("status").asString();
				Thread.sleep(100);
			}
			assertThat(status).isEqualTo("COMPLETED");
		}
		finally {
			process.destroy();
			process.waitFor(30, TimeUnit.SECONDS);
		}
	}

}
