package io.cloacina.database.autoconfigure.flyway;

import java.nio.file.Path;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's Flyway auto-configuration migrates the starter's data source, and
 * {@code spring.flyway.locations=classpath:db/.../{vendor}} resolves to {@code postgresql} or
 * {@code sqlite}: each vendor's migration inserts its own name. With metrics on as well, the pool
 * that Flyway started during bean creation still gets HikariCP's meters.
 */
class CloacinaFlywayIntegrationTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void vendorPlaceholderPicksTheBackendsMigrations(TestDatabase database) {
		StarterContextRunner.create()
			.withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					DataSourcePoolMetricsAutoConfiguration.class))
			.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory),
					"spring.flyway.locations=classpath:db/cloacina-flyway-test/{vendor}")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JdbcTemplate.class)
					.queryForList("SELECT vendor FROM flyway_item", String.class))
					.containsExactly(database.backend().toString());
				CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
				assertThat(context.getBean(MeterRegistry.class)
					.find("hikaricp.connections")
					.tag("pool", dataSource.getPoolName())
					.gauge()).isNotNull();
			});
	}

}
