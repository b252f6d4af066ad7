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
 * default. No connection is opened to decide. Put it on your own beans to give them a PostgreSQL and
 * a SQLite variant; the condition evaluation report shows which backend was found and where.
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
