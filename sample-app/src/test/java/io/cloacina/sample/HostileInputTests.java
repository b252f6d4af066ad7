package io.cloacina.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests an attacker would send: a context that would run a worker out of memory, bodies of
 * megabytes, a huge workflow name, misspelt fields. Each is refused at once with a 4xx problem that
 * says what is accepted, and nothing is written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.engine.workers=1", "sample.engine.poll-interval=20ms" })
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputTests {

	@TempDir
	static Path directory;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("cloacina.database.url", () -> "sqlite://" + directory.resolve("hostile.db"));
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aContextThatWouldRunAWorkerOutOfMemoryIsRefusedAtTheDoor() {
		int before = executions();
		long start = System.nanoTime();
		ApiClient.Response response = api().post("/api/executions",
				"{\"workflow\": \"etl\", \"context\": {\"size\": 100000000}}");
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertProblem(response, 400, "\"context.size\"", "between 0 and 10000", "100000000");
		assertThat(millis).isLessThan(1000);
		assertProblem(api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": \"lots\"}}"), 400,
				"\"context.size\"", "whole number");
		assertProblem(api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"delayMillis\": 1e12}}"),
				400, "\"context.delayMillis\"");
		assertProblem(api().post("/api/executions", "{\"workflow\": \"flaky\", \"context\": {\"failures\": -1}}"), 400,
				"\"context.failures\"");
		assertThat(executions()).isEqualTo(before);
		// The engine is still there: a normal execution completes.
		String id = api().post("/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 10000}}")
			.body()
			.get("id")
			.asString();
		awaitStatus(id, "COMPLETED");
	}

	@Test
	void misspeltFieldsAreRefusedNotIgnored() {
		int before = executions();
		assertProblem(api().post("/api/executions", "{\"workflow\": \"etl\", \"contxt\": {\"size\": 3}}"), 400,
				"Unknown field 'contxt'", "workflow, context");
		assertThat(executions()).isEqualTo(before);
	}

	@Test
	void anOversizedBodyIsRefusedWith413InUnderASecond() throws Exception {
		int before = executions();
		long[] millis = new long[3];
		for (int i = 0; i < millis.length; i++) {
			long start = System.nanoTime();
			String response = rawPost(30 * 1024 * 1024);
			millis[i] = (System.nanoTime() - start) / 1_000_000;
			assertThat(response).startsWith("HTTP/1.1 413")
				.contains("application/problem+json")
				.contains("at most 65536 bytes")
				.contains("sample.api.max-body-size");
		}
		System.out.printf("BENCH sample_reject_30mb_body %s ms until the 413 arrives%n", java.util.Arrays.toString(millis));
		assertThat(java.util.Arrays.stream(millis).max().getAsLong()).isLessThan(1000);
		// Eight at once: none is buffered, every one is refused.
		java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			long start = System.nanoTime();
			java.util.List<java.util.concurrent.Future<String>> parallel = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				parallel.add(clients.submit(() -> rawPost(30 * 1024 * 1024)));
			}
			for (java.util.concurrent.Future<String> response : parallel) {
				assertThat(response.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
			}
			long parallelMillis = (System.nanoTime() - start) / 1_000_000;
			System.out.printf("BENCH sample_reject_8_parallel_30mb_bodies %d ms%n", parallelMillis);
			assertThat(parallelMillis).isLessThan(2000);
		}
		finally {
			clients.shutdownNow();
		}
		// Without a Content-Length (chunked), the body is counted as it is read.
		byte[] chunked = ("{\"workflow\": \"etl\", \"context\": {\"blob\": \"" + "y".repeat(1024 * 1024) + "\"}}")
			.getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> streamed = post(
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)));
		assertThat(streamed.statusCode()).isEqualTo(413);
		assertThat(executions()).isEqualTo(before);
	}

	/**
	 * POST a JSON body of the given size as a client that sends it all would, and return the response
	 * as soon as it arrives (the body goes on being sent from another thread until the server closes).
	 */
	private String rawPost(int size) throws Exception {
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			java.io.OutputStream out = socket.getOutputStream();
			out.write(("POST /api/executions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			Thread sender = new Thread(() -> {
				byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
				try {
					out.write("{\"workflow\": \"etl\", \"context\": {\"blob\": \"".getBytes(StandardCharsets.US_ASCII));
					for (int sent = 0; sent < size; sent += chunk.length) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// The server closed the connection after its answer: expected.
				}
			});
			sender.setDaemon(true);
			sender.start();
			java.io.InputStream in = socket.getInputStream();
			StringBuilder response = new StringBuilder();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) > 0) {
				response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
				if (response.indexOf("}") > 0) {
					break;
				}
			}
			return response.toString();
		}
	}

	@Test
	void aHugeWorkflowNameIsNotEchoedBack() {
		String name = "w".repeat(60_000);
		ApiClient.Response response = api().post("/api/executions", "{\"workflow\": \"" + name + "\"}");
		assertProblem(response, 400, "Unknown workflow 'www", "(60000 characters)", "etl, flaky");
		assertThat(response.body().toString().length()).isLessThan(1000);
		ApiClient.Response id = api().get("/api/executions/" + "z".repeat(5000));
		assertThat(id.status()).isEqualTo(400);
		assertThat(id.body().toString().length()).isLessThan(1000);
	}

	@Test
	void aPageIsBounded() {
		assertProblem(api().get("/api/executions?limit=101"), 400, "limit must be between 1 and 100");
		assertThat(api().get("/api/executions?limit=100").status()).isEqualTo(200);
	}

	private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/executions"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(body)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private ApiClient api() {
		return new ApiClient(this.port);
	}

	private int executions() {
		return this.jdbc.queryForObject("SELECT count(*) FROM workflow_execution", Integer.class);
	}

	private void awaitStatus(String id, String status) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (status.equals(api().get("/api/executions/" + id).body().get("status").asString())) {
				return;
			}
			AbstractWorkflowApplicationTests.sleep(50);
		}
		throw new AssertionError("Execution " + id + " did not reach " + status);
	}

	private static void assertProblem(ApiClient.Response response, int status, String... details) {
		assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asString()).contains(details);
	}

}
