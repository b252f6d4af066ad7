package io.cloacina.database.autoconfigure.health;

import java.nio.file.Path;
import java.util.Map;

import io.cloacina.database.test.StarterContextRunner;
import io.cloacina.database.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoint shows a {@code cloacina} component next to Boot's {@code db} one, on every
 * backend, and DOWN when the database cannot be reached.
 */
class CloacinaHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = StarterContextRunner.create()
		.withConfiguration(AutoConfigurations.of(CloacinaHealthContributorAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoint.health.show-details=always");

	@TempDir
	Path directory;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void healthShowsBackendVersionAndUrl(TestDatabase database) {
		this.runner.withPropertyValues("cloacina.database.url=" + database.createUrl(this.directory))
			.run((context) -> {
				CompositeHealthDescriptor health = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
					.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				IndicatedHealthDescriptor cloacina = (IndicatedHealthDescriptor) health.getComponents()
					.get("cloacina");
				assertThat(cloacina.getStatus()).isEqualTo(Status.UP);
				Map<String, Object> details = cloacina.getDetails();
				assertThat(details).containsEntry("backend", database.backend().toString());
				assertThat((String) details.get("version")).matches("\\d+\\.\\d+.*");
				assertThat((String) details.get("url")).startsWith(database.backend().toString().substring(0, 6));
				HealthDescriptor db = health.getComponents().get("db");
				assertThat(db.getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void unreachableDatabaseIsDownWithTheUrlMasked() {
		this.runner
			.withPropertyValues("cloacina.database.url=postgresql://app:s3cr3t-pw@127.0.0.1:1/app",
					"cloacina.database.hikari.connection-timeout=250",
					"cloacina.database.hikari.initialization-fail-timeout=-1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CompositeHealthDescriptor health = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
					.health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				IndicatedHealthDescriptor cloacina = (IndicatedHealthDescriptor) health.getComponents()
					.get("cloacina");
				assertThat(cloacina.getStatus()).isEqualTo(Status.DOWN);
				assertThat(cloacina.getDetails()).containsEntry("backend", "postgresql")
					.containsEntry("url", "postgresql://app:****@127.0.0.1:1/app")
					.containsKey("error");
				assertThat(cloacina.getDetails().toString()).doesNotContain("s3cr3t-pw");
				assertThat(health.getComponents().get("db").getStatus()).isEqualTo(Status.DOWN);
			});
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("cloacina.database.url=sqlite::memory:", "management.health.cloacina.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean("cloacinaHealthIndicator");
				CompositeHealthDescriptor health = (CompositeHealthDescriptor) context.getBean(HealthEndpoint.class)
					.health();
				assertThat(health.getComponents()).containsKey("db").doesNotContainKey("cloacina");
			});
	}

}
