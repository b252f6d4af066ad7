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

	/**
	 * A ratio measured once per round: the median, with the spread over the rounds. Against a goal it
	 * is PASS when every round meets it, FAIL when none does, and INCONCLUSIVE when the spread
	 * straddles the goal (the machine is too noisy to say).
	 * @param name the ratio's name
	 * @param ratios one ratio per round
	 * @param op {@code >=} or {@code <=}, or {@code null} for no goal
	 * @param target the goal
	 * @return the verdict
	 */
	static String spreadRatio(String name, List<Double> ratios, String op, double target) {
		double median = median(ratios);
		double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
		double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
		String verdict;
		String goal;
		if (op == null) {
			verdict = "";
			goal = "goal=none";
		}
		else {
			boolean worstMeets = op.equals(">=") ? min >= target : max <= target;
			boolean bestMeets = op.equals(">=") ? max >= target : min <= target;
			verdict = worstMeets ? " PASS" : (bestMeets ? " INCONCLUSIVE" : " FAIL");
			goal = "goal=" + op + trim(target);
		}
		System.out.println(String.format(Locale.ROOT, "RATIO %s %.3f %s%s spread=%.3f..%.3f rounds=%d", name, median,
				goal, verdict, min, max, ratios.size()));
		return verdict.trim();
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
