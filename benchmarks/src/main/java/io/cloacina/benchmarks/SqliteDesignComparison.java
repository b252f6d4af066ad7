package io.cloacina.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;

/**
 * The SQLite transaction core of this build against an earlier one, in one JVM: the earlier
 * {@code cloacina-spring-boot-autoconfigure} jar ({@code -Dbench.previous.jar}, built by
 * {@code benchmarks/compare.sh <git-ref>}) is loaded in a class loader of its own that takes
 * {@code io.cloacina} classes from that jar first and everything else (HikariCP, sqlite-jdbc,
 * Spring) from this build, so only the starter's code differs. A second data source of this build
 * is the A/A control: its ratio to the first shows what the machine's noise alone gives.
 * <p>
 * Workloads, each in alternating rounds with the order rotated:
 * <ul>
 * <li>{@code contention}: 8 writer threads of read-modify-write transactions (select a counter,
 * insert an event, update the counter) and 8 reader threads of read-only transactions, through
 * JdbcTemplate + TransactionTemplate (the {@code SqliteContention} workload);</li>
 * <li>{@code tx3_template}: one thread, the same three-statement write transaction through
 * JdbcTemplate + TransactionTemplate;</li>
 * <li>{@code tx3_jdbc}: one thread, the same transaction in plain JDBC with the three statements
 * prepared once and run in every transaction.</li>
 * </ul>
 * {@code -Dbench.workloads=contention,...}, {@code -Dbench.seconds} and {@code -Dbench.rounds} narrow a run.
 * All set-ups use the same pool size ({@value #POOL_SIZE}), so that only the transaction core
 * differs. Goal: this build / earlier build &gt;= 0.95 for every workload; a ratio whose 90% interval
 * straddles the goal is INCONCLUSIVE.
 */
public final class SqliteDesignComparison {

	private static final int POOL_SIZE = 10;

	private static final int WRITERS = 8;

	private static final int READERS = 8;

	private SqliteDesignComparison() {
	}

	public static void main(String[] args) throws Exception {
		String previousJar = System.getProperty("bench.previous.jar");
		if (previousJar == null) {
			throw new IllegalStateException("Run through benchmarks/compare.sh <git-ref>: -Dbench.previous.jar is missing");
		}
		boolean longMode = Bench.longMode();
		int seconds = Integer.getInteger("bench.seconds", longMode ? 5 : 2);
		int rounds = Integer.getInteger("bench.rounds", longMode ? 9 : 5);
		List<String> only = List.of(System.getProperty("bench.workloads", "").split(","));
		Path directory = Files.createTempDirectory("cloacina-design");
		ClassLoader previous = new ChildFirstClassLoader(new URL[] { Path.of(previousJar).toUri().toURL() },
				SqliteDesignComparison.class.getClassLoader());
		System.out.printf("# SQLite transaction core: this build vs %s (%s), %d s x %d rounds, pool %d, sqlite-jdbc %s%n",
				System.getProperty("bench.previous.ref", "an earlier build"), previousJar, seconds, rounds, POOL_SIZE,
				org.sqlite.SQLiteJDBCLoader.getVersion());

		Map<String, Factory> setups = new LinkedHashMap<>();
		setups.put("current", (file) -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build());
		setups.put("current_aa", (file) -> CloacinaDataSource.builder(DatabaseUrl.parse("sqlite://" + file)).build());
		setups.put("previous", (file) -> build(previous, "sqlite://" + file));
		List<String> names = new ArrayList<>(setups.keySet());

		for (Workload workload : Workload.values()) {
			if (!only.get(0).isEmpty() && !only.contains(workload.name())) {
				continue;
			}
			for (String name : names) {
				workload.run(setups.get(name), directory.resolve(workload + "-warmup-" + name + ".db"), 1);
			}
			Map<String, List<Double>> rates = new LinkedHashMap<>();
			names.forEach((name) -> rates.put(name, new ArrayList<>()));
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					Path file = directory.resolve(workload + "-" + name + "-" + round + ".db");
					ReadModifyWrite.Result result = workload.run(setups.get(name), file, seconds);
					rates.get(name).add(result.rate());
					long errors = result.errors() + result.readErrors();
					System.out.printf("# %s round %d %-10s %9.0f tx/s errors=%d consistent=%s%n", workload, round, name,
							result.rate(), errors, result.consistent());
					Bench.check("sqlite_design_" + workload + "_" + name + "_round" + round,
							errors == 0 && result.consistent(),
							"errors=" + errors + " counter = rows = commits: " + result.consistent());
				}
			}
			for (String name : names) {
				Bench.bench("sqlite_design_" + workload + "_" + name, Bench.median(rates.get(name)), "tx/s");
			}
			Bench.ratio("sqlite_design_" + workload + "_current_vs_previous", perRound(rates, "current", "previous"),
					perRound(rates, "current_aa", "current"), ">=", 0.95);
		}
	}

	private static List<Double> perRound(Map<String, List<Double>> rates, String subject, String baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < rates.get(subject).size(); i++) {
			ratios.add(rates.get(subject).get(i) / rates.get(baseline).get(i));
		}
		return ratios;
	}

	/** The earlier build's {@code CloacinaDataSource.builder(DatabaseUrl.parse(url)).build()}. */
	private static DataSource build(ClassLoader loader, String url) {
		try {
			Class<?> urlType = loader.loadClass("io.cloacina.database.DatabaseUrl");
			Object parsed = urlType.getMethod("parse", String.class).invoke(null, url);
			Object builder = loader.loadClass("io.cloacina.database.CloacinaDataSource")
				.getMethod("builder", urlType)
				.invoke(null, parsed);
			DataSource dataSource = (DataSource) builder.getClass().getMethod("build").invoke(builder);
			if (dataSource.getClass().getClassLoader() != loader) {
				throw new IllegalStateException("The earlier build's data source came from " + dataSource.getClass()
					.getClassLoader());
			}
			return dataSource;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not build the earlier build's data source", ex);
		}
	}

	/** Makes a data source on a new SQLite file. */
	@FunctionalInterface
	interface Factory {

		DataSource create(Path file) throws Exception;

	}

	enum Workload {

		contention {
			@Override
			ReadModifyWrite.Result run(Factory factory, Path file, int seconds) throws Exception {
				return measure(factory, file, seconds, WRITERS, READERS, false);
			}
		},

		tx3_template {
			@Override
			ReadModifyWrite.Result run(Factory factory, Path file, int seconds) throws Exception {
				return measure(factory, file, seconds, 1, 0, false);
			}
		},

		tx3_jdbc {
			@Override
			ReadModifyWrite.Result run(Factory factory, Path file, int seconds) throws Exception {
				return measure(factory, file, seconds, 1, 0, true);
			}
		};

		abstract ReadModifyWrite.Result run(Factory factory, Path file, int seconds) throws Exception;

	}

	private static ReadModifyWrite.Result measure(Factory factory, Path file, int seconds, int writers, int readers,
			boolean plainJdbc) throws Exception {
		DataSource dataSource = factory.create(file);
		((HikariDataSource) dataSource).setMaximumPoolSize(POOL_SIZE);
		try {
			return ReadModifyWrite.run(dataSource, seconds, writers, readers, plainJdbc);
		}
		finally {
			((AutoCloseable) dataSource).close();
		}
	}

	/** Takes {@code io.cloacina} classes from its own jar before asking its parent. */
	private static final class ChildFirstClassLoader extends URLClassLoader {

		ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith("io.cloacina.")) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = findClass(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
