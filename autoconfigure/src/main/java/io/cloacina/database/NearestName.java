package io.cloacina.database;

import java.util.Collection;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Finds the accepted name nearest to a misspelt one, for "did you mean" hints: by the optimal string
 * alignment distance (insertions, deletions, substitutions and swaps of neighbours), ignoring case.
 * Only close names count, so that a name far from all gets no hint rather than a silly one. Reached
 * through {@link InvalidDatabaseUrlException#didYouMean(String, String, Collection)}.
 */
final class NearestName {

	private NearestName() {
	}

	/**
	 * The accepted name nearest to the given one, when it is close enough: at most one edit for a name
	 * of up to four characters, two for longer ones.
	 * @param given the name as given
	 * @param accepted the accepted names, in order of preference on a tie
	 * @return the nearest accepted name, or {@code null} if none is close, or the name is accepted as
	 * it is
	 */
	static @Nullable String nearest(String given, Collection<String> accepted) {
		String lower = given.toLowerCase(Locale.ROOT);
		int limit = (lower.length() <= 4) ? 1 : 2;
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : accepted) {
			if (candidate.equals(given)) {
				return null;
			}
			int distance = distance(lower, candidate.toLowerCase(Locale.ROOT), limit);
			if (distance <= limit && distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	/** Optimal string alignment distance, or {@code limit + 1} when the lengths alone exceed the limit. */
	static int distance(String a, String b, int limit) {
		if (Math.abs(a.length() - b.length()) > limit) {
			return limit + 1;
		}
		int[][] d = new int[a.length() + 1][b.length() + 1];
		for (int i = 0; i <= a.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= b.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[a.length()][b.length()];
	}

}
