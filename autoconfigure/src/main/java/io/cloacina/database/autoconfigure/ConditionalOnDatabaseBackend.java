package io.cloacina.database.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.cloacina.database.DatabaseBackend;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application runs on the given backend, as its configuration says:
 * {@code cloacina.database.url}, else {@code spring.datasource.url}, else the in-memory SQLite
 * default (the rule of {@code docs/architecture.md}). No connection is opened and no bean is created
 * to decide. Put it on your own beans to give them a PostgreSQL and a SQLite variant; the condition
 * evaluation report shows which backend was found and where.
 * <p>
 * When connection details ({@code @ServiceConnection}, Docker Compose, a
 * {@link CloacinaConnectionDetails} bean) name the database, the backend is known only once they are
 * created, so neither variant matches; choose inside one bean from {@link ConfiguredDatabaseBackend}
 * instead, as the starter's own dialect beans do.
 *
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnDatabaseBackendCondition.class)
public @interface ConditionalOnDatabaseBackend {

	/**
	 * The backend that must be configured.
	 * @return the backend
	 */
	DatabaseBackend value();

}
