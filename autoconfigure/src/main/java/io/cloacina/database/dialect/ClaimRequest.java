package io.cloacina.database.dialect;

import java.util.List;

/**
 * What a batch claim takes: up to a limit of rows of {@code table} that match {@code condition},
 * in {@code orderBy} order, are given to an owner: {@code ownerColumn} and {@code statusColumn} are
 * set from parameters and {@code heartbeatColumn} to the database's current time.
 * <p>
 * The condition is SQL written by the developer, like the SQL given to {@code JdbcTemplate}, with
 * {@code ?} placeholders for its values; never build it from user input. Names are validated.
 *
 * @param table the table
 * @param idColumn its primary key column
 * @param ownerColumn the column that records who claimed a row
 * @param statusColumn the column that records the row's status
 * @param heartbeatColumn the column that records when the owner last showed life
 * @param condition which rows may be claimed, e.g. {@code status = ? AND run_at <= ?}
 * @param orderBy the columns that decide which rows go first
 * @since 0.1.0
 */
public record ClaimRequest(String table, String idColumn, String ownerColumn, String statusColumn,
		String heartbeatColumn, String condition, List<String> orderBy) {

	/**
	 * Validate the names.
	 */
	public ClaimRequest {
		SqlIdentifiers.check(table);
		SqlIdentifiers.check(idColumn);
		SqlIdentifiers.check(ownerColumn);
		SqlIdentifiers.check(statusColumn);
		SqlIdentifiers.check(heartbeatColumn);
		if (condition == null || condition.isBlank()) {
			throw new IllegalArgumentException("A claim needs a condition, e.g. \"status = ?\"");
		}
		orderBy = List.copyOf(orderBy);
		SqlIdentifiers.list(orderBy);
	}

}
