package io.cloacina.database.autoconfigure.jpa;

import io.cloacina.database.autoconfigure.CloacinaDataSourceAutoConfiguration;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that gives Hibernate what it needs on SQLite, with nothing written by the
 * application: the community {@code SQLiteDialect} and a column ordering that keeps {@code IDENTITY}
 * ids typed. When JPA runs on SQLite without {@code hibernate-community-dialects}, startup stops with
 * a failure analysis that says what to add. Nothing changes on PostgreSQL. The backend is read when
 * Hibernate is configured, not by a condition, so an application processed ahead of time with one
 * backend is configured for the one it runs on.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaDataSourceAutoConfiguration.class, before = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass(HibernatePropertiesCustomizer.class)
public final class CloacinaHibernateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cloacinaHibernatePropertiesCustomizer")
	HibernatePropertiesCustomizer cloacinaHibernatePropertiesCustomizer(
			ObjectProvider<ConfiguredDatabaseBackend> backend, Environment environment) {
		return new SqliteHibernatePropertiesCustomizer(backend, environment);
	}

}
