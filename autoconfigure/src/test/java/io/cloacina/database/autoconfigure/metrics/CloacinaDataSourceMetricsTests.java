package io.cloacina.database.autoconfigure.metrics;

import java.nio.file.Path;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Micrometer present, Boot's metrics auto-configuration instruments the starter's pool:
 * HikariCP's own {@code hikaricp.connections...} meters (which need the pool not started before
 * the meter registry binds it) and Boot's {@code jdbc.connections...} ones, on every backend, also
 * with the starter's dialect and leader lock beans in the context.
 */
class CloacinaDataSourceMetricsTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void hikariAndBootPoolMetricsAppear(TestDatabase database) {
		StarterContextRunner.create()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					DataSourcePoolMetricsAutoConfiguration.class))
			.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CloacinaDataSource dataSource = context.getBean(CloacinaDataSource.class);
				assertThat(dataSource.getHikariPoolMXBean()).as("pool started while beans were created").isNull();
				context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				String pool = dataSource.getPoolName();
				assertThat(dataSource.getMetricsTrackerFactory()).isNotNull();
				assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauge()).isNotNull();
				assertThat(registry.find("hikaricp.connections.max").tag("pool", pool).gauge().value())
					.isEqualTo(dataSource.getMaximumPoolSize());
				assertThat(registry.find("hikaricp.connections.acquire").tag("pool", pool).timer().count())
					.isPositive();
				assertThat(registry.find("jdbc.connections.max").tag("name", "dataSource").gauge().value())
					.isEqualTo(dataSource.getMaximumPoolSize());
				// Boot binds jdbc.connections.active/idle only for a pool already running when it binds,
				// and the starter's pool starts on first use, as Boot's own Hikari pool does.
				assertThat(registry.find("jdbc.connections.min").tag("name", "dataSource").gauge().value())
					.isEqualTo(dataSource.getMinimumIdle());
			});
	}

}
