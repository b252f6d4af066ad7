package io.cloacina.database.dialect;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation of the table and column names that dialect fragments put into SQL text. Values never go
 * into SQL text: fragments use {@code ?} placeholders.
 *
 * @since 0.1.0
 */
public final class SqlIdentifiers {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private SqlIdentifiers() {
	}

	/**
	 * Check a table or column name: a letter or underscore, then letters, digits or underscores, at
	 * most 63 characters; a table may be qualified by a schema ({@code schema.table}).
	 * @param identifier the name
	 * @return the name, unchanged
	 * @throws IllegalArgumentException if it is not a plain identifier
	 */
	public static String check(String identifier) {
		if (identifier == null) {
			throw new IllegalArgumentException("An SQL identifier is required, got null");
		}
		String[] parts = identifier.split("\\.", -1);
		if (parts.length > 2 || !IDENTIFIER.matcher(parts[0]).matches()
				|| (parts.length == 2 && !IDENTIFIER.matcher(parts[1]).matches())) {
			throw new IllegalArgumentException("'" + identifier + "' is not a plain SQL identifier: use letters, "
					+ "digits and underscores, starting with a letter or underscore, at most 63 characters "
					+ "(optionally schema.table)");
		}
		return identifier;
	}

	/**
	 * Check several names and join them with commas.
	 * @param identifiers the names
	 * @return {@code a, b, c}
	 */
	public static String list(List<String> identifiers) {
		if (identifiers.isEmpty()) {
			throw new IllegalArgumentException("At least one column is required");
		}
		StringBuilder list = new StringBuilder();
		for (String identifier : identifiers) {
			list.append((list.length() > 0) ? ", " : "").append(check(identifier));
		}
		return list.toString();
	}

	/**
	 * {@code ?, ?, ?} for the given number of values.
	 * @param count how many
	 * @return the placeholders
	 */
	public static String placeholders(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

}
