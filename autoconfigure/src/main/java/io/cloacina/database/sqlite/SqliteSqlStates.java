package io.cloacina.database.sqlite;

import java.util.List;
import java.util.Locale;

/**
 * The SQLState a PostgreSQL user would recognise for a SQLite error. sqlite-jdbc sets none (its
 * exceptions carry only SQLite's result code), so Spring's default translation, jOOQ and every
 * library with a translator of its own would see SQLite errors as uncategorized. The starter's
 * SQLite connections throw their errors with these states; its {@code SqliteExceptionTranslator}
 * uses the same table. Needs no SQLite driver on the class path.
 * <table>
 * <caption>SQLite result code to SQLState</caption>
 * <tr><th>SQLite</th><th>SQLState</th></tr>
 * <tr><td>{@code CONSTRAINT_PRIMARYKEY}, {@code CONSTRAINT_UNIQUE}, {@code CONSTRAINT_ROWID}</td><td>{@code 23505}</td></tr>
 * <tr><td>{@code CONSTRAINT_NOTNULL}, {@code CONSTRAINT_FOREIGNKEY}, {@code CONSTRAINT_CHECK}</td>
 * <td>{@code 23502}, {@code 23503}, {@code 23514}</td></tr>
 * <tr><td>other {@code CONSTRAINT}; {@code CONSTRAINT_DATATYPE}</td><td>{@code 23000}; {@code 22P02}</td></tr>
 * <tr><td>{@code MISMATCH}, {@code TOOBIG}</td><td>{@code 22000}, {@code 22001}</td></tr>
 * <tr><td>{@code BUSY}, {@code LOCKED} and their extended codes</td><td>{@code 40001}</td></tr>
 * <tr><td>{@code ABORT} (a statement aborted by a rollback)</td><td>{@code 40000}</td></tr>
 * <tr><td>{@code INTERRUPT}</td><td>{@code 57014}</td></tr>
 * <tr><td>{@code READONLY}</td><td>{@code 25006}</td></tr>
 * <tr><td>{@code PERM}, {@code AUTH}</td><td>{@code 42501}</td></tr>
 * <tr><td>{@code ERROR}: syntax error; no such table or view; no such column; no such function;
 * object already exists; ambiguous column; other mistakes in the SQL text</td>
 * <td>{@code 42601}; {@code 42P01}; {@code 42703}; {@code 42883}; {@code 42P07}; {@code 42702};
 * {@code 42803} (aggregate misused); {@code 42000}</td></tr>
 * <tr><td>{@code ERROR}: malformed JSON; integer overflow</td><td>{@code 22032}; {@code 22003}</td></tr>
 * <tr><td>{@code CANTOPEN}, {@code IOERR}, {@code FULL}, {@code NOMEM}</td>
 * <td>{@code 08001}, {@code 58030}, {@code 53100}, {@code 53200}</td></tr>
 * <tr><td>{@code CORRUPT}, {@code NOTADB}</td><td>{@code XX001}</td></tr>
 * <tr><td>anything else</td><td>{@code HY000}</td></tr>
 * </table>
 *
 * @since 0.1.0
 */
public final class SqliteSqlStates {

	private static final int ERROR = 1;

	private static final int PERM = 3;

	private static final int ABORT = 4;

	private static final int BUSY = 5;

	private static final int LOCKED = 6;

	private static final int NOMEM = 7;

	private static final int READONLY = 8;

	private static final int INTERRUPT = 9;

	private static final int IOERR = 10;

	private static final int CORRUPT = 11;

	private static final int FULL = 13;

	private static final int CANTOPEN = 14;

	private static final int TOOBIG = 18;

	private static final int CONSTRAINT = 19;

	private static final int MISMATCH = 20;

	private static final int AUTH = 23;

	private static final int NOTADB = 26;

	/** SQLite's message for a mistake in the SQL text, in lower case, and the state it gets. */
	private static final List<String[]> SQL_TEXT_ERRORS = List.of(new String[] { "syntax error", "42601" },
			new String[] { "incomplete input", "42601" }, new String[] { "unrecognized token", "42601" },
			new String[] { "no such table", "42P01" }, new String[] { "no such view", "42P01" },
			new String[] { "no such column", "42703" }, new String[] { "has no column named", "42703" },
			new String[] { "no such function", "42883" }, new String[] { "wrong number of arguments to function", "42883" },
			new String[] { "already exists", "42P07" }, new String[] { "ambiguous column name", "42702" },
			new String[] { "no such index", "42000" }, new String[] { "no such trigger", "42000" },
			new String[] { "no such collation sequence", "42000" }, new String[] { "no such module", "42000" },
			new String[] { "values were supplied", "42000" }, new String[] { "values for", "42000" },
			new String[] { "term out of range", "42000" }, new String[] { "misuse of aggregate", "42803" },
			new String[] { "having clause on a non-aggregate query", "42803" },
			new String[] { "misuse of window function", "42000" },
			new String[] { "do not have the same number of result columns", "42000" },
			new String[] { "no tables specified", "42000" }, new String[] { "malformed json", "22032" },
			new String[] { "integer overflow", "22003" });

	private SqliteSqlStates() {
	}

	/**
	 * The SQLState for a SQLite error.
	 * @param resultCode SQLite's result code, primary or extended
	 * @param message the error's message, which tells apart the kinds of {@code SQLITE_ERROR}
	 * @return the SQLState, {@code HY000} when nothing more specific applies
	 */
	public static String of(int resultCode, String message) {
		int primary = resultCode & 0xff;
		return switch (primary) {
			case CONSTRAINT -> constraint(resultCode, message);
			case MISMATCH -> "22000";
			case TOOBIG -> "22001";
			case BUSY, LOCKED -> "40001";
			case ABORT -> "40000";
			case INTERRUPT -> "57014";
			case READONLY -> "25006";
			case PERM, AUTH -> "42501";
			case ERROR -> sqlTextError(message);
			case CANTOPEN -> "08001";
			case IOERR -> "58030";
			case FULL -> "53100";
			case NOMEM -> "53200";
			case CORRUPT, NOTADB -> "XX001";
			default -> "HY000";
		};
	}

	private static String constraint(int resultCode, String message) {
		return switch (resultCode) {
			case 1555, 2067, 2579 -> "23505"; // PRIMARYKEY, UNIQUE, ROWID
			case 1299 -> "23502"; // NOTNULL
			case 787 -> "23503"; // FOREIGNKEY
			case 275 -> "23514"; // CHECK
			case 3091 -> "22P02"; // DATATYPE (STRICT tables)
			default -> (message != null && message.contains("UNIQUE constraint failed")) ? "23505" : "23000";
		};
	}

	private static String sqlTextError(String message) {
		if (message != null) {
			String lower = message.toLowerCase(Locale.ROOT);
			for (String[] error : SQL_TEXT_ERRORS) {
				if (lower.contains(error[0])) {
					return error[1];
				}
			}
		}
		return "HY000";
	}

}
