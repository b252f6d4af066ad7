package io.cloacina.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The sample app end to end: its packaged jar started as real processes, {@code etl} executions
 * posted through its REST API, timed until every one has completed. On a SQLite file, on PostgreSQL,
 * and with two instances sharing one PostgreSQL database. Needs
 * {@code sample-app/target/cloacina-sample-app.jar} (run.sh builds it).
 */
public final class SampleAppBenchmark {


	private static final HttpClient http = HttpClient.newHttpClient();

	private SampleAppBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int executions = Bench.longMode() ? 500 : 200;
		if (!Files.exists(SampleAppProcess.JAR)) {
			Bench.check("sample_app_jar_present", false, SampleAppProcess.JAR + " is missing: build it with mvn -pl sample-app -am package");
			return;
		}
		System.out.printf("# sample app end to end: %d etl executions (4 tasks each), 4 workers per instance%n",
				executions);
		Path directory = Files.createTempDirectory("cloacina-sample-bench");
		Path file = directory.resolve("sample.db");
		double sqlite = run("sqlite", List.of("sqlite://" + file), executions, "jdbc:sqlite:" + file);
		try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
			String one = database(server, "bench_one");
			double postgres = run("postgresql", List.of(one), executions, jdbc(server, "bench_one"));
			String two = database(server, "bench_two");
			double twoInstances = run("postgresql_two_instances", List.of(two, two), executions,
					jdbc(server, "bench_two"));
			Bench.ratio("sample_etl_postgresql_two_instances_vs_one", twoInstances / postgres);
			Bench.ratio("sample_etl_sqlite_vs_postgresql", sqlite / postgres);
		}
	}

	private static String database(EmbeddedPostgres server, String name) throws Exception {
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return "postgresql://postgres@localhost:" + server.getPort() + "/" + name;
	}

	private static String jdbc(EmbeddedPostgres server, String name) {
		return server.getJdbcUrl("postgres", name);
	}

	/** Start the instances, post the executions to the first, wait until all completed. */
	private static double run(String name, List<String> urls, int executions, String checkUrl) throws Exception {
		List<Process> processes = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		try {
			for (int i = 0; i < urls.size(); i++) {
				int port = SampleAppProcess.freePort();
				ports.add(port);
				processes.add(start(urls.get(i), port, name + "-" + i));
			}
			String base = "http://localhost:" + ports.get(0);
			long start = System.nanoTime();
			for (int i = 0; i < executions; i++) {
				HttpResponse<String> created = post(base + "/api/executions", "{\"workflow\": \"etl\", \"context\": {\"size\": 3}}");
				if (created.statusCode() != 201) {
					throw new IllegalStateException("POST failed: " + created.statusCode() + " " + created.body());
				}
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			int completed = 0;
			while (completed < executions && System.nanoTime() < deadline) {
				completed = countCompleted(checkUrl);
				if (completed < executions) {
					Thread.sleep(50);
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Bench.check("sample_etl_" + name + "_all_completed", completed == executions,
					completed + " of " + executions);
			if (checkUrl != null) {
				try (Connection connection = DriverManager.getConnection(checkUrl);
						Statement statement = connection.createStatement();
						ResultSet once = statement.executeQuery("SELECT count(*) FROM task_execution WHERE attempts <> 1 "
								+ "OR status <> 'COMPLETED'")) {
					once.next();
					Bench.check("sample_etl_" + name + "_every_task_once", once.getInt(1) == 0,
							once.getInt(1) + " task(s) not run exactly once");
				}
			}
			double rate = executions / seconds;
			Bench.bench("sample_etl_" + name, rate, "executions/s");
			return rate;
		}
		finally {
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				process.waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Completed executions, counted in the database (the list API pages at most 100: asking it for
	 * more gets 400, which an earlier version of this harness counted as none completed).
	 */
	private static int countCompleted(String checkUrl) throws Exception {
		try (Connection connection = DriverManager.getConnection(checkUrl);
				Statement statement = connection.createStatement();
				ResultSet completed = statement
					.executeQuery("SELECT count(*) FROM workflow_execution WHERE status = 'COMPLETED'")) {
			completed.next();
			return completed.getInt(1);
		}
	}

	private static Process start(String url, int port, String instance) throws Exception {
		return SampleAppProcess.start(port, Files.createTempFile("cloacina-sample-" + instance, ".log"),
				Duration.ofSeconds(90), List.of("--cloacina.database.url=" + url, "--sample.engine.instance-id=" + instance,
						"--sample.engine.workers=4", "--sample.engine.poll-interval=20ms", "--logging.level.root=WARN",
						"--logging.level.org.springframework.boot.web.embedded=INFO", "--spring.main.banner-mode=off"));
	}

	private static HttpResponse<String> post(String url, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}


}
