package io.cloacina.database.autoconfigure.copy;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.core.Ordered;

/**
 * Makes the copy a database initializer that runs after the others: Spring Boot's
 * {@code DatabaseInitializationDependencyConfigurer} makes each detector's initializers depend on
 * those of the detectors ordered before it (Flyway's and Liquibase's, order 0 and 1; SQL scripts,
 * {@code Ordered.LOWEST_PRECEDENCE - 100}), and every bean that depends on database initialization
 * (JdbcTemplate, JdbcClient, EntityManagerFactory, DSLContext, {@code @DependsOnDatabaseInitialization}
 * beans) on all initializers, so on the copy too.
 */
class DatabaseCopyInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	/** After Flyway, Liquibase and the SQL scripts. */
	static final int ORDER = Ordered.LOWEST_PRECEDENCE - 50;

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(DatabaseCopyInitializer.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
