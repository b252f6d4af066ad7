package io.cloacina.database.autoconfigure.data.jdbc;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import io.cloacina.database.data.jdbc.SqliteJdbcDialect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;

/**
 * Gives Spring Data JDBC the dialect of the configured backend, without opening a connection:
 * {@link SqliteJdbcDialect} for SQLite (Spring Data knows none), {@link JdbcPostgresDialect} for
 * PostgreSQL; on the starter's data source and on Spring Boot's alike. Backs off when the application
 * defines its own {@link JdbcDialect} bean or sets {@code spring.data.jdbc.dialect}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class,
		before = DataJdbcRepositoriesAutoConfiguration.class)
@ConditionalOnClass({ JdbcDialect.class, DataJdbcRepositoriesAutoConfiguration.class })
@ConditionalOnBean(ConfiguredDatabaseBackend.class)
@Conditional(CloacinaDataJdbcAutoConfiguration.NoDialectProperty.class)
public final class CloacinaDataJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JdbcDialect jdbcDialect(ConfiguredDatabaseBackend configured) {
		return (configured.backend() == DatabaseBackend.SQLITE) ? SqliteJdbcDialect.INSTANCE
				: JdbcPostgresDialect.INSTANCE;
	}

	static final class NoDialectProperty extends NoneNestedConditions {

		NoDialectProperty() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty("spring.data.jdbc.dialect")
		static final class DialectProperty {

		}

	}

}
