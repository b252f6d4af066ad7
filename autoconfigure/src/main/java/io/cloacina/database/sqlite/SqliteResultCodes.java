package io.cloacina.database.sqlite;

import java.sql.SQLException;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.util.ClassUtils;

/**
 * The SQLite result code of an {@link SQLException}. sqlite-jdbc 3.50 gives the primary code as
 * {@link SQLException#getErrorCode()} and the extended code (for example
 * {@code SQLITE_CONSTRAINT_PRIMARYKEY}, 1555) as {@link SQLiteException#getResultCode()}; the
 * starter's writer gate throws plain {@code SQLException}s with a {@code [SQLITE_BUSY]} message and
 * error code 5. Works without sqlite-jdbc on the class path (then only the plain form is known).
 */
final class SqliteResultCodes {

	static final int ERROR = 1;

	static final int PERM = 3;

	static final int BUSY = 5;

	static final int LOCKED = 6;

	static final int NOMEM = 7;

	static final int READONLY = 8;

	static final int INTERRUPT = 9;

	static final int IOERR = 10;

	static final int CORRUPT = 11;

	static final int FULL = 13;

	static final int CANTOPEN = 14;

	static final int TOOBIG = 18;

	static final int CONSTRAINT = 19;

	static final int MISMATCH = 20;

	static final int AUTH = 23;

	static final int NOTADB = 26;

	static final int CONSTRAINT_PRIMARYKEY = 1555;

	static final int CONSTRAINT_UNIQUE = 2067;

	static final int CONSTRAINT_ROWID = 2579;

	/** Not a SQLite error. */
	static final int NONE = -1;

	private static final boolean DRIVER_PRESENT = ClassUtils.isPresent("org.sqlite.SQLiteException",
			SqliteResultCodes.class.getClassLoader());

	private SqliteResultCodes() {
	}

	/**
	 * The result code of a SQLite error, extended where the driver gives one.
	 * @param ex the exception
	 * @return the code, or {@link #NONE} if the exception is not a SQLite error
	 */
	static int of(SQLException ex) {
		if (DRIVER_PRESENT) {
			int code = Driver.resultCode(ex);
			if (code != NONE) {
				return code;
			}
		}
		String message = ex.getMessage();
		if (ex.getErrorCode() > 0 && message != null && message.startsWith("[SQLITE_")) {
			return ex.getErrorCode();
		}
		return NONE;
	}

	/**
	 * The primary result code (the low 8 bits) of a result code.
	 * @param code a primary or extended result code
	 * @return the primary code
	 */
	static int primary(int code) {
		return code & 0xff;
	}

	/**
	 * Whether the exception is SQLite's "database is locked" ({@code SQLITE_BUSY}) or "database table
	 * is locked" ({@code SQLITE_LOCKED}), extended codes included, that waiting and trying again can
	 * cure. An {@link java.sql.SQLNonTransientException} with such a code says that it cannot (the
	 * writer gate uses one when a thread would wait for its own write transaction).
	 * @param ex the exception
	 * @return whether it is a busy or locked error
	 */
	static boolean isBusyOrLocked(SQLException ex) {
		if (ex instanceof java.sql.SQLNonTransientException) {
			return false;
		}
		int code = of(ex);
		return code != NONE && (primary(code) == BUSY || primary(code) == LOCKED);
	}

	/** Touches sqlite-jdbc types only when the driver is present. */
	private static final class Driver {

		static int resultCode(SQLException ex) {
			if (ex instanceof SQLiteException sqlite) {
				SQLiteErrorCode resultCode = sqlite.getResultCode();
				if (resultCode != null && resultCode.code > 0) {
					return resultCode.code;
				}
				return (sqlite.getErrorCode() > 0) ? sqlite.getErrorCode() : NONE;
			}
			return NONE;
		}

	}

}
