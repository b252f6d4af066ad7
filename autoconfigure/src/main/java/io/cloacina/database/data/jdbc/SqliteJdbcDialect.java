package io.cloacina.database.data.jdbc;

import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.data.relational.core.sql.LockOptions;

/**
 * Spring Data JDBC dialect for SQLite, which Spring Data does not know: {@code LIMIT ... OFFSET ...}
 * paging, no lock clause (the starter serializes SQLite writers, so {@code SELECT ... FOR UPDATE} is
 * neither needed nor valid), quoted lower-case identifiers and generated keys through the driver.
 * Values are bound as Spring Data JDBC binds them (timestamps as sqlite-jdbc stores them), not in the
 * text formats of the starter's {@code DatabaseDialect}.
 *
 * @since 0.1.0
 */
public class SqliteJdbcDialect extends AbstractDialect implements JdbcDialect {

	/** The dialect. */
	public static final SqliteJdbcDialect INSTANCE = new SqliteJdbcDialect();

	private static final LimitClause LIMIT_CLAUSE = new LimitClause() {

		@Override
		public String getLimit(long limit) {
			return "LIMIT " + limit;
		}

		@Override
		public String getOffset(long offset) {
			return "LIMIT -1 OFFSET " + offset;
		}

		@Override
		public String getLimitOffset(long limit, long offset) {
			return "LIMIT " + limit + " OFFSET " + offset;
		}

		@Override
		public Position getClausePosition() {
			return Position.AFTER_ORDER_BY;
		}

	};

	private static final LockClause LOCK_CLAUSE = new LockClause() {

		@Override
		public String getLock(LockOptions lockOptions) {
			return "";
		}

		@Override
		public Position getClausePosition() {
			return Position.AFTER_ORDER_BY;
		}

	};

	protected SqliteJdbcDialect() {
	}

	@Override
	public LimitClause limit() {
		return LIMIT_CLAUSE;
	}

	@Override
	public LockClause lock() {
		return LOCK_CLAUSE;
	}

	@Override
	public IdentifierProcessing getIdentifierProcessing() {
		return IdentifierProcessing.create(Quoting.ANSI, LetterCasing.LOWER_CASE);
	}

}
