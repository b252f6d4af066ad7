package io.cloacina.database.dialect;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The fragments that PostgreSQL and SQLite spell the same; each backend's dialect adds or overrides
 * what differs. A base for a dialect of your own, too.
 *
 * @since 0.1.0
 */
public abstract class AbstractDatabaseDialect implements DatabaseDialect {

	/**
	 * Create a dialect.
	 */
	protected AbstractDatabaseDialect() {
	}

	@Override
	public String upsert(String table, List<String> columns, List<String> conflictColumns,
			List<String> updateColumns) {
		StringBuilder sql = new StringBuilder(insert(table, columns));
		sql.append(" ON CONFLICT (").append(SqlIdentifiers.list(conflictColumns)).append(") DO UPDATE SET ");
		if (updateColumns.isEmpty()) {
			throw new IllegalArgumentException("An upsert needs at least one column to update; use insertIgnore");
		}
		for (int i = 0; i < updateColumns.size(); i++) {
			String column = SqlIdentifiers.check(updateColumns.get(i));
			sql.append((i > 0) ? ", " : "").append(column).append(" = excluded.").append(column);
		}
		return sql.toString();
	}

	@Override
	public String insertIgnore(String table, List<String> columns, List<String> conflictColumns) {
		return insert(table, columns) + " ON CONFLICT (" + SqlIdentifiers.list(conflictColumns) + ") DO NOTHING";
	}

	@Override
	public String insertReturning(String table, List<String> columns, List<String> returning) {
		return insert(table, columns) + " RETURNING " + SqlIdentifiers.list(returning);
	}

	private static String insert(String table, List<String> columns) {
		return "INSERT INTO " + SqlIdentifiers.check(table) + " (" + SqlIdentifiers.list(columns) + ") VALUES ("
				+ SqlIdentifiers.placeholders(columns.size()) + ")";
	}

	@Override
	public String claimBatch(ClaimRequest request) {
		return "UPDATE " + request.table() + " SET " + request.ownerColumn() + " = ?, " + request.statusColumn()
				+ " = ?, " + request.heartbeatColumn() + " = " + now()
				+ request.assignments().stream().map((assignment) -> ", " + assignment).collect(Collectors.joining())
				+ " WHERE " + request.idColumn() + " IN (SELECT "
				+ request.idColumn() + " FROM " + request.table() + " WHERE " + request.condition() + " ORDER BY "
				+ SqlIdentifiers.list(request.orderBy()) + " LIMIT ?" + claimLockClause() + ") RETURNING "
				+ (request.returning().isEmpty() ? "*" : SqlIdentifiers.list(request.returning()));
	}

	/**
	 * What ends the sub-select of {@link #claimBatch(ClaimRequest)} so that concurrent claimers skip
	 * each other's rows, or nothing where writers run one at a time.
	 * @return the clause, with a leading space, or an empty string
	 */
	protected abstract String claimLockClause();

	@Override
	public String heartbeat(ClaimRequest request) {
		return "UPDATE " + request.table() + " SET " + request.heartbeatColumn() + " = " + now() + " WHERE "
				+ request.idColumn() + " = ? AND " + request.ownerColumn() + " = ?";
	}

	@Override
	public String releaseStaleClaims(ClaimRequest request) {
		return "UPDATE " + request.table() + " SET " + request.ownerColumn() + " = NULL, " + request.statusColumn()
				+ " = ? WHERE " + request.statusColumn() + " = ? AND " + request.heartbeatColumn() + " < "
				+ secondsAgo();
	}

	@Override
	public String page(String select) {
		return select + " LIMIT ? OFFSET ?";
	}

	@Override
	public String count(String select) {
		return "SELECT count(*) FROM (" + select + ") counted";
	}

	@Override
	public String bytesType() {
		return "BLOB";
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + backend() + "]";
	}

}
