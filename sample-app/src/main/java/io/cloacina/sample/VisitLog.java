package io.cloacina.sample;

import java.time.Instant;

import io.cloacina.database.dialect.DatabaseDialect;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records visits: a read-modify-write transaction (read the counter, insert a row, write the
 * counter back) written once for both backends; the dialect supplies what differs.
 */
@Service
public class VisitLog {

	private final JdbcClient jdbc;

	private final DatabaseDialect dialect;

	public VisitLog(JdbcClient jdbc, DatabaseDialect dialect) {
		this.jdbc = jdbc;
		this.dialect = dialect;
	}

	/**
	 * Record one visit.
	 * @param visitor who visited
	 * @return the total number of visits, this one included
	 */
	@Transactional
	public long record(String visitor) {
		long total = this.jdbc.sql(this.dialect.forUpdate("SELECT total FROM visit_counter WHERE id = 1"))
			.query(Long.class)
			.single();
		this.jdbc.sql("INSERT INTO visit (visitor, visited_at) VALUES (?, ?)")
			.params(visitor, this.dialect.timestamp(Instant.now()))
			.update();
		this.jdbc.sql("UPDATE visit_counter SET total = ? WHERE id = 1").params(total + 1).update();
		return total + 1;
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
