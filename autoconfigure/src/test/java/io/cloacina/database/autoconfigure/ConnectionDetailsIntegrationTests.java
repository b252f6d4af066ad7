package io.cloacina.database.autoconfigure;

import java.util.Map;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection details, as {@code @ServiceConnection} and Docker Compose register them, point the
 * starter's data source at their database, without any {@code cloacina.database.url}. Runs without
 * Docker: the details point at the embedded PostgreSQL server.
 */
class ConnectionDetailsIntegrationTests {

	@Test
	void jdbcConnectionDetailsBeanIsAdaptedAndWins() {
		String database = TestPostgres.createDatabase();
		String jdbcUrl = "jdbc:postgresql://localhost:" + TestPostgres.server().getPort()
				+ database.substring(database.lastIndexOf('/'));
		JdbcConnectionDetails details = new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return jdbcUrl;
			}

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return "secret-not-needed";
			}

		};
		StarterContextRunner.create()
			.withBean(JdbcConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
				assertThat(dataSource.getBackend()).isEqualTo(DatabaseBackend.POSTGRESQL);
				assertThat(dataSource.getDisplayUrl()).doesNotContain("secret-not-needed");
				assertThat(context.getBean(ConfiguredDatabaseBackend.class).backend())
					.isEqualTo(DatabaseBackend.POSTGRESQL);
				assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(PostgresDialect.class);
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_database()",
						String.class))
					.isEqualTo(database.substring(database.lastIndexOf('/') + 1));
			});
	}

	@Test
	void cloacinaConnectionDetailsBeanWinsOverTheUrlProperty() {
		String database = TestPostgres.createDatabase();
		CloacinaConnectionDetails details = () -> database;
		StarterContextRunner.create()
			.withPropertyValues("cloacina.database.url=sqlite::memory:")
			.withBean(CloacinaConnectionDetails.class, () -> details)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(CloacinaDataSource.class).getBackend())
					.isEqualTo(DatabaseBackend.POSTGRESQL);
				assertThat(context.getBean(DatabaseDialect.class)).isInstanceOf(PostgresDialect.class);
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class))
					.isEqualTo(1);
			});
	}

	@Test
	void adaptingFactoryIsRegisteredTheBootWay() {
		JdbcConnectionDetails jdbc = new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://db.example.com:5432/app";
			}

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "pw";
			}

		};
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(getClass().getClassLoader())
			.getConnectionDetails(jdbc, true);
		assertThat(details).containsKey(CloacinaConnectionDetails.class);
		assertThat(((CloacinaConnectionDetails) details.get(CloacinaConnectionDetails.class)).getUrl())
			.isEqualTo("jdbc:postgresql://db.example.com:5432/app");
	}

	@Test
	void adaptingFactoryKeepsTheJdbcDetails() {
		JdbcConnectionDetails jdbc = new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://db.example.com:5432/app";
			}

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "pw";
			}

		};
		CloacinaConnectionDetails details = new JdbcAdaptingCloacinaConnectionDetailsFactory()
			.getConnectionDetails(jdbc);
		assertThat(details.getUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
		assertThat(details.getUsername()).isEqualTo("app");
		assertThat(details.getPassword()).isEqualTo("pw");
	}

}
