package io.cloacina.database.testcontainers;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.CloacinaConnectionDetails;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.postgresql.PostgresDialect;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a PostgreSQL container points the starter's data source at it with
 * no properties written. Needs Docker; skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class ServiceConnectionContainerTests {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:18-alpine");

	@Autowired
	CloacinaDataSource dataSource;

	@Autowired
	CloacinaConnectionDetails connectionDetails;

	@Autowired
	DatabaseDialect dialect;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void starterDataSourceConnectsToTheContainer() {
		assertThat(this.dataSource.getBackend()).isEqualTo(DatabaseBackend.POSTGRESQL);
		assertThat(this.connectionDetails.getUrl()).isEqualTo(postgres.getJdbcUrl());
		assertThat(this.dialect).isInstanceOf(PostgresDialect.class);
		assertThat(this.jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

	}

}
