package io.cloacina.database.data.jdbc;

import java.util.Optional;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.support.JdbcAccessor;

/**
 * Gives Spring Data JDBC the dialect of a {@link CloacinaDataSource} from its backend, without
 * opening a connection: {@link SqliteJdbcDialect} for SQLite, {@link JdbcPostgresDialect} for
 * PostgreSQL. Other data sources are left to Spring Data's own detection.
 *
 * @since 0.1.0
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class CloacinaJdbcDialectProvider implements DialectResolver.JdbcDialectProvider {

	@Override
	public Optional<Dialect> getDialect(JdbcOperations operations) {
		if (operations instanceof JdbcAccessor accessor
				&& accessor.getDataSource() instanceof CloacinaDataSource dataSource) {
			return Optional.of((dataSource.getBackend() == DatabaseBackend.SQLITE) ? SqliteJdbcDialect.INSTANCE
					: JdbcPostgresDialect.INSTANCE);
		}
		return Optional.empty();
	}

}
