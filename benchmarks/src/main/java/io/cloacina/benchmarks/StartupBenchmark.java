package io.cloacina.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole-process time from launching a child JVM to its exit after {@code ApplicationReadyEvent}
 * (it prints {@code READY} and exits), for a minimal application on the starter against the same
 * application on plain Spring Boot JDBC with the same SQLite file, same classpath, same JVM options.
 * Launches rotate between the starter, plain Boot and plain Boot again (the A/A control); each time
 * is the median of the launches after one warm-up launch of each (which fills the OS page cache for
 * the jars), and the ratio is the median of the per-round ratios with its 90% interval. Goal
 * &lt;= 1.05.
 * <p>
 * Usage: {@code StartupBenchmark [launches]}; default 7 (long mode 15).
 */
public final class StartupBenchmark {

	private static final String EXCLUDE = "io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.CloacinaDialectAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.CloacinaJdbcExceptionTranslationAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.health.CloacinaHealthContributorAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.jpa.CloacinaHibernateAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.jooq.CloacinaJooqAutoConfiguration,"
			+ "io.cloacina.database.autoconfigure.quartz.CloacinaQuartzAutoConfiguration";

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int launches = (args.length > 0) ? Integer.parseInt(args[0]) : (Bench.longMode() ? 15 : 7);
		Path directory = Files.createTempDirectory("cloacina-startup");
		Path file = directory.resolve("app.db");
		List<String> starter = List.of("io.cloacina.benchmarks.startup.starter.StarterApp",
				"--cloacina.database.url=sqlite:" + file);
		List<String> plain = List.of("io.cloacina.benchmarks.startup.plain.PlainBootApp",
				"--spring.autoconfigure.exclude=" + EXCLUDE, "--spring.datasource.url=jdbc:sqlite:" + file);
		launch(starter);
		launch(plain);
		// Rotating order over the starter, plain Boot and plain Boot again (the A/A control).
		List<List<String>> contenders = List.of(starter, plain, plain);
		List<List<Double>> millis = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int i = 0; i < launches; i++) {
			for (int j = 0; j < contenders.size(); j++) {
				int which = (i + j) % contenders.size();
				millis.get(which).add(launch(contenders.get(which)));
			}
		}
		System.out.printf("# startup launches (ms): starter %s, plain %s, plain again %s%n", millis.get(0),
				millis.get(1), millis.get(2));
		Bench.bench("startup_starter", Bench.median(millis.get(0)), "ms");
		Bench.bench("startup_plain_boot", Bench.median(millis.get(1)), "ms");
		// Ratios of launches in the same round: load from other processes on a shared machine changes
		// over seconds, so a round sees about the same load.
		Bench.ratio("startup_starter_vs_plain_boot", Bench.ratios(millis.get(0), millis.get(1)),
				Bench.ratios(millis.get(2), millis.get(1)), "<=", 1.05);
	}

	private static double launch(List<String> mainAndArgs) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
				"-Dspring.main.banner-mode=off", "-Dlogging.level.root=WARN"));
		command.addAll(mainAndArgs);
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean ready = false;
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.append(line).append('\n');
				ready |= line.equals("READY");
			}
		}
		int exit = process.waitFor();
		double millis = (System.nanoTime() - start) / 1e6;
		if (!ready || exit != 0) {
			throw new IllegalStateException("Launch failed (exit " + exit + "): " + command + "\n" + output);
		}
		return millis;
	}

}
