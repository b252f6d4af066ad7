package io.cloacina.database.autoconfigure.jooq;

import io.cloacina.database.autoconfigure.CloacinaJdbcExceptionTranslationAutoConfiguration;
import org.jooq.DSLContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jooq.autoconfigure.ExceptionTranslatorExecuteListener;
import org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Auto-configuration that makes Spring Boot's jOOQ {@link DSLContext} translate database errors with
 * the same {@link SQLExceptionTranslator} bean as its {@code JdbcTemplate} (the starter's for the
 * configured backend, or the application's own), so a failure is the same Spring
 * {@code DataAccessException} through jOOQ as through JDBC, on SQLite and PostgreSQL. Boot's default
 * picks a translator by jOOQ's dialect name, which knows neither SQLite's result codes nor the
 * PostgreSQL states the starter adds (lock timeout, read-only transaction). Backs off for an
 * {@link ExceptionTranslatorExecuteListener} bean of the application's.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CloacinaJdbcExceptionTranslationAutoConfiguration.class,
		before = JooqAutoConfiguration.class)
@ConditionalOnClass({ DSLContext.class, ExceptionTranslatorExecuteListener.class })
public final class CloacinaJooqAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ExceptionTranslatorExecuteListener jooqExceptionTranslator(ObjectProvider<SQLExceptionTranslator> translator) {
		SQLExceptionTranslator unique = translator.getIfUnique();
		return (unique != null) ? ExceptionTranslatorExecuteListener.of((context) -> unique)
				: ExceptionTranslatorExecuteListener.DEFAULT;
	}

}
