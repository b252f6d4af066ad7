package io.cloacina.database.autoconfigure.health;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.health.CloacinaDatabaseHealthIndicator;
import io.cloacina.database.health.DatabaseHealthProbe;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code cloacina} health component ({@link CloacinaDatabaseHealthIndicator})
 * next to Spring Boot's own {@code db} one, both answering within
 * {@code management.health.cloacina.timeout} during an outage: for the starter's data source the
 * {@code db} component is Boot's check run through the same time-limited {@link DatabaseHealthProbe}.
 * Disable them with {@code management.health.cloacina.enabled=false} and
 * {@code management.health.db.enabled=false}; a bean of your own named {@code dbHealthIndicator} or
 * {@code dbHealthContributor} replaces the {@code db} one.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CloacinaDataSource.class)
@ConditionalOnSingleCandidate(CloacinaDataSource.class)
@EnableConfigurationProperties(CloacinaHealthIndicatorProperties.class)
public final class CloacinaHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DatabaseHealthProbe cloacinaDatabaseHealthProbe(CloacinaDataSource dataSource,
			CloacinaHealthIndicatorProperties properties) {
		return new DatabaseHealthProbe(dataSource, properties.getTimeout());
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("cloacina")
	@ConditionalOnMissingBean(name = "cloacinaHealthIndicator")
	CloacinaDatabaseHealthIndicator cloacinaHealthIndicator(DatabaseHealthProbe probe) {
		return new CloacinaDatabaseHealthIndicator(probe);
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("db")
	@ConditionalOnSingleCandidate(javax.sql.DataSource.class)
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	HealthIndicator dbHealthContributor(DatabaseHealthProbe probe) {
		return new ProbedDataSourceHealthIndicator(probe);
	}

}
