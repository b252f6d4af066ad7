package io.cloacina.database.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cloacina.database.test.DataSourceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two JVMs write one SQLite file through the starter. The writer slot orders the writers of one
 * process; between processes SQLite's own lock does, with the busy timeout (30 s): a write
 * transaction's {@code BEGIN IMMEDIATE} waits for the other process's transaction in SQLite's busy
 * handler, which sleeps and polls. Measured: no errors, and every reported commit is on disk once;
 * throughput and waiting time are printed beside one process with the same number of threads.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SqliteTwoProcessesIntegrationTests extends DataSourceTestSupport {

	private static final int SECONDS = 3;

	@Test
	void twoProcessesWritingOneFileHaveNoErrorsAndLoseNoCommit() throws Exception {
		Map<String, Long> alone = run("alone", List.of("one"), 8);
		Map<String, Long> shared = run("shared", List.of("first", "second"), 4);
		System.out.printf("SQLite file, read-modify-write transactions for %d s: one JVM x 8 threads %d tx/s; "
				+ "two JVMs x 4 threads %d tx/s together (%d + %d)%n", SECONDS, alone.get("total") / SECONDS,
				shared.get("total") / SECONDS, shared.get("first") / SECONDS, shared.get("second") / SECONDS);
	}

	/** Runs writer processes on a new file at once and checks the file against what they reported. */
	private Map<String, Long> run(String fileName, List<String> names, int threads) throws Exception {
		Path file = this.directory.resolve(fileName + ".db");
		String url = "sqlite://" + file;
		JdbcTemplate jdbc = new JdbcTemplate(open(url));
		jdbc.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)");
		jdbc.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, process TEXT NOT NULL, "
				+ "seen INTEGER NOT NULL)");
		jdbc.update("INSERT INTO counter (id, value) VALUES (1, 0)");
		this.dataSource.close();
		List<Process> processes = new ArrayList<>();
		Map<String, Long> commits = new HashMap<>();
		try {
			// Both start writing at the same moment, after their JVMs have started.
			long startAt = System.currentTimeMillis() + 4_000;
			for (String name : names) {
				processes.add(start(url, threads, name, startAt));
			}
			long total = 0;
			for (int i = 0; i < processes.size(); i++) {
				Process process = processes.get(i);
				String output = readAll(process);
				assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
				assertThat(process.exitValue()).as(output).isZero();
				String result = output.lines().filter((line) -> line.startsWith("RESULT ")).findFirst().orElseThrow();
				System.out.println(result);
				Map<String, String> fields = new HashMap<>();
				for (String field : result.substring("RESULT ".length()).split(" ")) {
					String[] pair = field.split("=", 2);
					fields.put(pair[0], pair[1]);
				}
				assertThat(fields.get("errors")).as(output).isEqualTo("0");
				long mine = Long.parseLong(fields.get("commits"));
				assertThat(mine).isPositive();
				commits.put(names.get(i), mine);
				total += mine;
			}
			JdbcTemplate check = new JdbcTemplate(open(url));
			assertThat(check.queryForObject("SELECT value FROM counter", Long.class)).isEqualTo(total);
			assertThat(check.queryForObject("SELECT count(*) FROM event", Long.class)).isEqualTo(total);
			assertThat(check.queryForObject("SELECT count(DISTINCT seen) FROM event", Long.class)).isEqualTo(total);
			for (String name : names) {
				assertThat(check.queryForObject("SELECT count(*) FROM event WHERE process = ?", Long.class, name))
					.isEqualTo(commits.get(name));
			}
			commits.put("total", total);
			return commits;
		}
		finally {
			for (Process process : processes) {
				process.destroyForcibly();
			}
		}
	}

	private static Process start(String url, int threads, String name, long startAt) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				SqliteWriterProcess.class.getName(), url, String.valueOf(SECONDS), String.valueOf(threads), name,
				String.valueOf(startAt));
		builder.redirectErrorStream(true);
		return builder.start();
	}

	private static String readAll(Process process) throws IOException {
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.append(line).append('\n');
			}
		}
		return output.toString();
	}

}
