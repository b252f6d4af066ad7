package io.cloacina.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseUrl;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.postgresql.PostgresCopyBulkInserter;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.sqlite.SqliteBatchBulkInserter;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;

/**
 * The machine-readable output of every benchmark: {@code BENCH <name> <value> <unit>} for a figure,
 * {@code RATIO <name> <value> goal=<op><target> <PASS|FAIL|INCONCLUSIVE> interval90=<low>..<high>
 * rounds=<n> aa=<value> ...} for a ratio against a baseline measured in the same run, with its 90%
 * interval and the A/A control ({@code goal=none} when there is no goal), and
 * {@code CHECK <name> <PASS|FAIL> <detail>} for a correctness condition.
 */
final class Bench {

	/**
	 * The pool size the starter gives a SQLite file, read from a data source it builds (no connection is
	 * opened), so that a hand-made baseline pool gets the same size.
	 * @return the pool size
	 */
	static int starterSqlitePoolSize() {
		try (CloacinaDataSource dataSource = CloacinaDataSource
			.builder(DatabaseUrl.parse("sqlite://" + System.getProperty("java.io.tmpdir") + "/pool-size.db"))
			.build()) {
			return dataSource.getMaximumPoolSize();
		}
	}

	/**
	 * The starter's dialect of a backend, as its auto-configuration picks it.
	 * @param backend the backend
	 * @return the dialect
	 */
	static DatabaseDialect dialect(DatabaseBackend backend) {
		return (backend == DatabaseBackend.POSTGRESQL) ? new PostgresDialect() : new SqliteDialect();
	}

	/**
	 * The starter's bulk inserter on a data source, as its auto-configuration builds it.
	 * @param dataSource the data source
	 * @return the inserter
	 */
	static BulkInserter bulkInserter(CloacinaDataSource dataSource) {
		return (dataSource.getBackend() == DatabaseBackend.POSTGRESQL)
				? new PostgresCopyBulkInserter(dataSource, new PostgresExceptionTranslator())
				: new SqliteBatchBulkInserter(dataSource, new SqliteExceptionTranslator());
	}

	private Bench() {
	}

	/** Quick mode unless the system property or environment says {@code long}. */
	static boolean longMode() {
		String mode = System.getProperty("bench.mode", System.getenv().getOrDefault("BENCH_MODE", "quick"));
		return "long".equalsIgnoreCase(mode);
	}

	static void bench(String name, double value, String unit) {
		System.out.println(String.format(Locale.ROOT, "BENCH %s %.3f %s", name, value, unit));
	}

	/** A ratio reported without a goal: a figure, not a verdict. */
	static void ratio(String name, double value) {
		System.out.println(String.format(Locale.ROOT, "RATIO %s %.3f goal=none", name, value));
	}

	/**
	 * A ratio measured once per round (or pass, or launch pair), with an honest verdict: the median
	 * of the per-round ratios, and a 90% bootstrap interval for that median (rounds resampled with
	 * replacement, 2,000 times, fixed seed). Against a goal the verdict is PASS when the whole
	 * interval meets it, FAIL when none of it does, INCONCLUSIVE when the interval straddles the goal
	 * (the machine was too noisy to say) or there are fewer than three rounds. The A/A control (the baseline against itself, in the same
	 * rotation) is printed on the same line, so the harness's own bias is visible next to the figure.
	 * @param name the ratio's name
	 * @param ratios one subject/baseline ratio per round
	 * @param control one baseline/baseline ratio per round (A/A), or {@code null} if the harness has none
	 * @param op {@code >=} or {@code <=}, or {@code null} for no goal
	 * @param target the goal
	 * @return the verdict, or an empty string without a goal
	 */
	static String ratio(String name, List<Double> ratios, List<Double> control, String op, double target) {
		double[] interval = interval(ratios);
		String verdict = "";
		String goal = "goal=none";
		if (op != null) {
			boolean lowMeets = op.equals(">=") ? interval[0] >= target : interval[0] <= target;
			boolean highMeets = op.equals(">=") ? interval[1] >= target : interval[1] <= target;
			// Fewer than three rounds give no interval worth the name.
			verdict = (ratios.size() < 3) ? "INCONCLUSIVE"
					: (lowMeets && highMeets) ? "PASS" : (!lowMeets && !highMeets) ? "FAIL" : "INCONCLUSIVE";
			goal = "goal=" + op + trim(target);
		}
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "RATIO %s %.3f %s%s interval90=%.3f..%.3f rounds=%d",
				name, median(ratios), goal, verdict.isEmpty() ? "" : " " + verdict, interval[0], interval[1],
				ratios.size()));
		if (control != null) {
			double[] controlInterval = interval(control);
			line.append(String.format(Locale.ROOT, " aa=%.3f aa_interval90=%.3f..%.3f", median(control),
					controlInterval[0], controlInterval[1]));
		}
		System.out.println(line);
		return verdict;
	}

	/** The 5th and 95th percentiles of the bootstrapped median. */
	static double[] interval(List<Double> values) {
		if (values.size() < 2) {
			double only = values.isEmpty() ? Double.NaN : values.get(0);
			return new double[] { only, only };
		}
		java.util.Random random = new java.util.Random(42);
		int resamples = 2_000;
		double[] medians = new double[resamples];
		List<Double> sample = new ArrayList<>(values.size());
		for (int i = 0; i < resamples; i++) {
			sample.clear();
			for (int j = 0; j < values.size(); j++) {
				sample.add(values.get(random.nextInt(values.size())));
			}
			medians[i] = median(sample);
		}
		java.util.Arrays.sort(medians);
		return new double[] { medians[(int) Math.floor(resamples * 0.05)], medians[(int) Math.ceil(resamples * 0.95) - 1] };
	}

	/** Per-round ratios of two lists measured in the same rounds: {@code subject[i] / baseline[i]}. */
	static List<Double> ratios(List<Double> subject, List<Double> baseline) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < subject.size(); i++) {
			ratios.add(subject.get(i) / baseline.get(i));
		}
		return ratios;
	}

	static boolean check(String name, boolean pass, String detail) {
		System.out.println("CHECK " + name + " " + (pass ? "PASS" : "FAIL") + " " + detail);
		return pass;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	private static String trim(double target) {
		return (target == Math.rint(target)) ? String.valueOf((long) target) : String.valueOf(target);
	}

}
