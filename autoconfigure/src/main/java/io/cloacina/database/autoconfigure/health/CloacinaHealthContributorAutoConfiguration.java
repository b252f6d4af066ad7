package io.cloacina.database.autoconfigure.health;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.health.CloacinaDatabaseHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code cloacina} health component ({@link CloacinaDatabaseHealthIndicator})
 * next to Spring Boot's own {@code db} one. Disable it with
 * {@code management.health.cloacina.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CloacinaDataSource.class)
@ConditionalOnEnabledHealthIndicator("cloacina")
public final class CloacinaHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cloacinaHealthIndicator")
	@ConditionalOnSingleCandidate(CloacinaDataSource.class)
	CloacinaDatabaseHealthIndicator cloacinaHealthIndicator(CloacinaDataSource dataSource) {
		return new CloacinaDatabaseHealthIndicator(dataSource);
	}

}
