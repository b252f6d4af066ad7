package io.cloacina.database.autoconfigure.jpa;

import java.util.Map;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.DatabaseConfigurationException;
import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * On SQLite: Hibernate's community {@code SQLiteDialect}, unless the application names a dialect
 * ({@code spring.jpa.database-platform} or {@code hibernate.dialect}); and
 * {@code hibernate.column_ordering_strategy=legacy}, because Hibernate's default ordering puts an
 * {@code IDENTITY} id after other columns, where SQLite cannot make it the row id: it is created
 * untyped and stays {@code NULL}. Settings of the application win.
 */
class SqliteHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer, BeanClassLoaderAware {

	static final String SQLITE_DIALECT = "org.hibernate.community.dialect.SQLiteDialect";

	static final String DIALECT = "hibernate.dialect";

	static final String COLUMN_ORDERING = "hibernate.column_ordering_strategy";

	private final ObjectProvider<ConfiguredDatabaseBackend> backend;

	private final Environment environment;

	private ClassLoader classLoader = getClass().getClassLoader();

	SqliteHibernatePropertiesCustomizer(ObjectProvider<ConfiguredDatabaseBackend> backend, Environment environment) {
		this.backend = backend;
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		ConfiguredDatabaseBackend configured = this.backend.getIfAvailable();
		if (configured == null || configured.backend() != DatabaseBackend.SQLITE) {
			return;
		}
		hibernateProperties.putIfAbsent(COLUMN_ORDERING, "legacy");
		boolean dialectChosen = hibernateProperties.containsKey(DIALECT)
				|| StringUtils.hasText(this.environment.getProperty("spring.jpa.database-platform"));
		if (dialectChosen) {
			return;
		}
		if (!ClassUtils.isPresent(SQLITE_DIALECT, this.classLoader)) {
			throw new DatabaseConfigurationException("JPA is used on SQLite (" + configured.displayUrl()
					+ ") but Hibernate has no SQLite dialect: " + SQLITE_DIALECT + " is not on the class path",
					"Add the dependency org.hibernate.orm:hibernate-community-dialects (its version is managed by "
							+ "Spring Boot, the same as hibernate-core), or use PostgreSQL.");
		}
		hibernateProperties.put(DIALECT, SQLITE_DIALECT);
	}

}
