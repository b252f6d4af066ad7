package io.cloacina.database.autoconfigure.jdbc.test;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import io.cloacina.database.dialect.DatabaseDialect;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a {@code @JdbcTest} in an application on the starter sees: the starter's data source on the
 * configured backend (no embedded replacement, although no H2, HSQL or Derby is on the class path),
 * the dialect and the exception translation.
 */
abstract class AbstractJdbcTestSliceTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	ConfiguredDatabaseBackend configured;

	@Autowired
	DatabaseDialect dialect;

	@Autowired
	SQLExceptionTranslator translator;

	@Autowired
	JdbcTemplate jdbc;

	abstract DatabaseBackend expectedBackend();

	@Test
	void sliceRunsOnTheConfiguredBackendWithTheStarterBeans() {
		assertThat(this.dataSource).isInstanceOf(CloacinaDataSource.class);
		assertThat(((CloacinaDataSource) this.dataSource).getBackend()).isEqualTo(expectedBackend());
		assertThat(this.configured.backend()).isEqualTo(expectedBackend());
		assertThat(this.dialect.backend()).isEqualTo(expectedBackend());
		this.jdbc.execute("CREATE TABLE slice_item (id " + this.dialect.identityPrimaryKey() + ", name TEXT UNIQUE)");
		this.jdbc.update("INSERT INTO slice_item (name) VALUES (?)", "one");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.jdbc.update("INSERT INTO slice_item (name) VALUES (?)", "one"));
	}

	@SpringBootConfiguration
	@AutoConfigurationPackage
	static class Application {

	}

}
