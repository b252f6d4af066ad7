package io.cloacina.database.dialect;

import java.util.List;

/**
 * What a batch claim takes: up to a limit of rows of {@code table} that match {@code condition},
 * in {@code orderBy} order, are given to an owner: {@code ownerColumn} and {@code statusColumn} are
 * set from parameters and {@code heartbeatColumn} to the database's current time, and the
 * {@code assignments}, if any, are made in the same statement (e.g. {@code attempts = attempts + 1}:
 * counting an attempt with the claim costs no statement of its own).
 * <p>
 * The condition and the assignments are SQL written by the developer, like the SQL given to {@code JdbcTemplate}, with
 * {@code ?} placeholders for its values; never build it from user input. Names are validated.
 *
 * @param table the table
 * @param idColumn its primary key column
 * @param ownerColumn the column that records who claimed a row
 * @param statusColumn the column that records the row's status
 * @param heartbeatColumn the column that records when the owner last showed life
 * @param condition which rows may be claimed, e.g. {@code status = ? AND run_at <= ?}
 * @param orderBy the columns that decide which rows go first
 * @param assignments more {@code column = expression} assignments made by the claim, without
 * parameters; may be empty
 * @param returning the columns the claim returns; empty for all of them ({@code RETURNING *}). Name
 * only those you read: each column returned is copied out of the database for every claimed row
 * @since 0.1.0
 */
public record ClaimRequest(String table, String idColumn, String ownerColumn, String statusColumn,
		String heartbeatColumn, String condition, List<String> orderBy, List<String> assignments,
		List<String> returning) {

	/**
	 * A claim that sets only the owner, the status and the heartbeat.
	 * @param table the table
	 * @param idColumn its primary key column
	 * @param ownerColumn the column that records who claimed a row
	 * @param statusColumn the column that records the row's status
	 * @param heartbeatColumn the column that records when the owner last showed life
	 * @param condition which rows may be claimed
	 * @param orderBy the columns that decide which rows go first
	 */
	public ClaimRequest(String table, String idColumn, String ownerColumn, String statusColumn,
			String heartbeatColumn, String condition, List<String> orderBy) {
		this(table, idColumn, ownerColumn, statusColumn, heartbeatColumn, condition, orderBy, List.of(), List.of());
	}

	/**
	 * A claim that also makes the given assignments and returns all columns.
	 * @param table the table
	 * @param idColumn its primary key column
	 * @param ownerColumn the column that records who claimed a row
	 * @param statusColumn the column that records the row's status
	 * @param heartbeatColumn the column that records when the owner last showed life
	 * @param condition which rows may be claimed
	 * @param orderBy the columns that decide which rows go first
	 * @param assignments more {@code column = expression} assignments made by the claim
	 */
	public ClaimRequest(String table, String idColumn, String ownerColumn, String statusColumn,
			String heartbeatColumn, String condition, List<String> orderBy, List<String> assignments) {
		this(table, idColumn, ownerColumn, statusColumn, heartbeatColumn, condition, orderBy, assignments,
				List.of());
	}

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
		assignments = List.copyOf(assignments);
		for (String assignment : assignments) {
			if (assignment.isBlank() || assignment.contains("?") || assignment.contains(";")) {
				throw new IllegalArgumentException("A claim's assignment is one \"column = expression\" without "
						+ "parameters or ';', e.g. \"attempts = attempts + 1\", not \"" + assignment + "\"");
			}
		}
		returning = List.copyOf(returning);
		returning.forEach(SqlIdentifiers::check);
	}

	/**
	 * This claim, also making the given assignments.
	 * @param assignments {@code column = expression} assignments without parameters, e.g.
	 * {@code attempts = attempts + 1}
	 * @return a new claim request
	 * @since 0.1.0
	 */
	public ClaimRequest withAssignments(String... assignments) {
		return new ClaimRequest(this.table, this.idColumn, this.ownerColumn, this.statusColumn, this.heartbeatColumn,
				this.condition, this.orderBy, List.of(assignments), this.returning);
	}

	/**
	 * This claim, returning only the given columns instead of all of them.
	 * @param columns the columns to return, e.g. {@code id}; none for all of them
	 * @return a new claim request
	 * @since 0.1.0
	 */
	public ClaimRequest withReturning(String... columns) {
		return new ClaimRequest(this.table, this.idColumn, this.ownerColumn, this.statusColumn, this.heartbeatColumn,
				this.condition, this.orderBy, this.assignments, List.of(columns));
	}

}
