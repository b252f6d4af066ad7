package io.cloacina.database.sqlite;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.AbstractDatabaseDialect;
import io.cloacina.database.dialect.SqlIdentifiers;

/**
 * The SQLite dialect: claims in one {@code UPDATE ... RETURNING} inside the single-writer
 * transaction, the clock as fixed-width RFC 3339 text in UTC with milliseconds (so text order is time
 * order, as {@link SqliteValueCodec} stores instants), UUIDs as 16-byte BLOBs, booleans as checked
 * integers.
 *
 * @since 0.1.0
 */
public class SqliteDialect extends AbstractDatabaseDialect {

	/** The clock, as {@link SqliteValueCodec} writes an instant: the one place SQL spells that format. */
	static final String NOW = clock("");

	private static final String SECONDS_AGO = clock(", printf('%+.3f seconds', -CAST(? AS REAL))");

	@Override
	public DatabaseBackend backend() {
		return DatabaseBackend.SQLITE;
	}

	@Override
	protected String claimLockClause() {
		// Write transactions run one at a time: no other claimer can see the rows in between.
		return "";
	}

	@Override
	public String forUpdate(String select) {
		return select;
	}

	@Override
	public String now() {
		return NOW;
	}

	@Override
	public String secondsAgo() {
		return SECONDS_AGO;
	}

	private static String clock(String modifiers) {
		return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'" + modifiers + ")";
	}

	@Override
	public String uuidType() {
		return "BLOB";
	}

	@Override
	public String jsonType(String column) {
		return "TEXT CHECK (json_valid(" + SqlIdentifiers.check(column) + "))";
	}

	@Override
	public String booleanType(String column) {
		return "INTEGER CHECK (" + SqlIdentifiers.check(column) + " IN (0, 1))";
	}

	@Override
	public String timestampType() {
		return "TEXT";
	}

	@Override
	public String identityPrimaryKey() {
		return "INTEGER PRIMARY KEY AUTOINCREMENT";
	}

}
