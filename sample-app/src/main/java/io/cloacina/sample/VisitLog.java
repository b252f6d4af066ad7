package io.cloacina.sample;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records visits: a read-modify-write transaction (read the counter, insert a row, write the
 * counter back) written once for both backends.
 */
@Service
public class VisitLog {

	private final JdbcClient jdbc;

	private final String lockClause;

	private final boolean postgres;

	public VisitLog(JdbcClient jdbc, ConfiguredDatabaseBackend database) {
		this.jdbc = jdbc;
		// PostgreSQL runs READ COMMITTED and needs the row lock; SQLite writers run one at a time.
		this.postgres = database.backend() == DatabaseBackend.POSTGRESQL;
		this.lockClause = this.postgres ? " FOR UPDATE" : "";
	}

	/**
	 * Record one visit.
	 * @param visitor who visited
	 * @return the total number of visits, this one included
	 */
	@Transactional
	public long record(String visitor) {
		long total = this.jdbc.sql("SELECT total FROM visit_counter WHERE id = 1" + this.lockClause)
			.query(Long.class)
			.single();
		this.jdbc.sql("INSERT INTO visit (visitor, visited_at) VALUES (?, ?)")
			.params(visitor, visitedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)))
			.update();
		this.jdbc.sql("UPDATE visit_counter SET total = ? WHERE id = 1").params(total + 1).update();
		return total + 1;
	}

	/** TIMESTAMPTZ on PostgreSQL; RFC 3339 text in UTC on SQLite, which orders correctly as text. */
	private Object visitedAt(Instant instant) {
		return this.postgres ? instant.atOffset(ZoneOffset.UTC) : instant.toString();
	}

	/**
	 * Count the visit rows.
	 * @return the number of rows in {@code visit}
	 */
	@Transactional(readOnly = true)
	public long countRows() {
		return this.jdbc.sql("SELECT count(*) FROM visit").query(Long.class).single();
	}

	/**
	 * The counter.
	 * @return the total in {@code visit_counter}
	 */
	@Transactional(readOnly = true)
	public long total() {
		return this.jdbc.sql("SELECT total FROM visit_counter WHERE id = 1").query(Long.class).single();
	}

}
