package io.cloacina.sample;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list API and the dashboard's status with {@value #DEFAULT_ROWS} executions (and their tasks) on
 * each backend: rows go in with the starter's {@code BulkInserter}, then each request is timed over
 * HTTP (median and slowest of {@value #RUNS} after warming up), printed as {@code BENCH} lines. The
 * number of executions is {@code -Dsample.scale.rows}.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ExecutionListScaleTests {

	static final int DEFAULT_ROWS = 100_000;

	static final int RUNS = 20;

	/** Generous for a loaded CI machine: an unindexed sort of 100,000 rows would still pass it, see BENCH. */
	static final double LIMIT_MILLIS = 2_000;

	@TempDir
	Path directory;

	@Test
	void onSqlite() {
		measure("sqlite://" + this.directory.resolve("scale.db"));
	}

	@Test
	void onPostgres() {
		measure(TestPostgres.createDatabase());
	}

	private void measure(String url) {
		int rows = Integer.getInteger("sample.scale.rows", DEFAULT_ROWS);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
			.web(WebApplicationType.SERVLET)
			.run("--cloacina.database.url=" + url, "--server.port=0", "--sample.engine.workers=0",
					"--logging.level.root=warn")) {
			DatabaseDialect dialect = app.getBean(DatabaseDialect.class);
			long start = System.nanoTime();
			insert(app.getBean(BulkInserter.class), rows);
			double insertSeconds = (System.nanoTime() - start) / 1e9;
			System.out.printf("BENCH sample_insert_%s %d executions with their tasks in %.1f s%n", dialect.backend(),
					rows, insertSeconds);
			ApiClient api = new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
			assertThat(api.get("/api/status").body().at("/counts/COMPLETED").asLong()).isGreaterThan(rows / 2);
			Map<String, String> requests = new java.util.LinkedHashMap<>();
			requests.put("list_50", "/api/executions?limit=50");
			requests.put("list_50_failed", "/api/executions?limit=50&status=FAILED");
			requests.put("list_50_flaky_completed", "/api/executions?limit=50&workflow=flaky&status=COMPLETED");
			requests.put("list_50_offset_5000", "/api/executions?limit=50&offset=5000");
			requests.put("status", "/api/status");
			for (Map.Entry<String, String> request : requests.entrySet()) {
				double[] millis = time(api, request.getValue());
				System.out.printf("BENCH sample_%s_%s median %.1f ms, slowest %.1f ms (%d executions, GET %s)%n",
						request.getKey(), dialect.backend(), millis[RUNS / 2], millis[RUNS - 1], rows, request.getValue());
				assertThat(millis[RUNS / 2]).as(request.getValue()).isLessThan(LIMIT_MILLIS);
			}
			assertThat(api.get("/api/executions?limit=50").body()).hasSize(50);
		}
	}

	private static double[] time(ApiClient api, String path) {
		for (int i = 0; i < 3; i++) {
			assertThat(api.get(path).status()).isEqualTo(200);
		}
		double[] millis = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			long start = System.nanoTime();
			assertThat(api.get(path).status()).isEqualTo(200);
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		return millis;
	}

	/**
	 * Executions of the last days, one every few seconds, most completed long ago, 1,000 in the last
	 * minutes; half {@code etl} (4 tasks), half {@code flaky} (1 task), one in twenty failed.
	 */
	private static void insert(BulkInserter inserter, int rows) {
		Instant now = Instant.now();
		int chunk = 10_000;
		for (int from = 0; from < rows; from += chunk) {
			List<Object[]> executions = new ArrayList<>();
			List<Object[]> tasks = new ArrayList<>();
			for (int i = from; i < Math.min(rows, from + chunk); i++) {
				UUID id = UUID.randomUUID();
				int age = rows - i;
				Instant created = now.minusMillis(age * 2_000L);
				Instant updated = (age <= 1_000) ? now.minusMillis(age * 200L) : created.plusMillis(500);
				boolean etl = i % 2 == 0;
				boolean failed = i % 20 == 1;
				String status = failed ? "FAILED" : "COMPLETED";
				executions.add(new Object[] { id, etl ? "etl" : "flaky", status,
						etl ? "{\"size\": 3, \"loaded\": 3, \"total\": 6}" : "{\"failures\": 1}", created, updated });
				if (etl) {
					for (String task : new String[] { "extract", "transform_sum", "transform_squares", "load" }) {
						tasks.add(new Object[] { id, task, "COMPLETED", 1, 3, "scale", created, updated });
					}
				}
				else {
					tasks.add(new Object[] { id, "unstable", status, failed ? 3 : 2, 3, "scale", created, updated });
				}
			}
			inserter.insert("workflow_execution",
					List.of("id", "workflow", "status", "context", "created_at", "updated_at"), executions);
			inserter.insert("task_execution", List.of("execution_id", "task_name", "status", "attempts",
					"max_attempts", "claimed_by", "started_at", "finished_at"), tasks);
		}
	}

}
