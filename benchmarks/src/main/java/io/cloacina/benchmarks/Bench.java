package io.cloacina.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable output of every benchmark: {@code BENCH <name> <value> <unit>} for a figure,
 * {@code RATIO <name> <value> goal=<op><target> <PASS|FAIL>} for a ratio against a baseline measured in
 * the same run ({@code goal=none} when there is no goal), and {@code CHECK <name> <PASS|FAIL> <detail>}
 * for a correctness condition.
 */
final class Bench {

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

	static boolean ratio(String name, double value, String op, double target) {
		boolean pass = switch (op) {
			case ">=" -> value >= target;
			case "<=" -> value <= target;
			default -> throw new IllegalArgumentException(op);
		};
		System.out.println(String.format(Locale.ROOT, "RATIO %s %.3f goal=%s%s %s", name, value, op,
				trim(target), pass ? "PASS" : "FAIL"));
		return pass;
	}

	static void ratio(String name, double value) {
		System.out.println(String.format(Locale.ROOT, "RATIO %s %.3f goal=none", name, value));
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
