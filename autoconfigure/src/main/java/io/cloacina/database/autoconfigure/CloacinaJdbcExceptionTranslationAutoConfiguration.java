package io.cloacina.database.autoconfigure;

import io.cloacina.database.dialect.TransientDataAccessFailures;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Auto-configuration that makes database errors reach the application as the same Spring
 * {@code DataAccessException} types on SQLite as on PostgreSQL, and provides a retry template for the
 * transient ones.
 * <ul>
 * <li>An {@link SQLExceptionTranslator} bean for the configured backend
 * ({@code SqliteExceptionTranslator} or {@code PostgresExceptionTranslator}), chosen without opening a
 * connection. Spring Boot's own
 * {@link JdbcTemplate} takes a unique {@code SQLExceptionTranslator} bean, and its
 * {@code NamedParameterJdbcTemplate} and {@code JdbcClient} are built on that template; Boot's
 * {@link JdbcTransactionManager} is given the same translator for its commit and rollback. Backs off
 * when the application defines its own {@code SQLExceptionTranslator} bean.</li>
 * <li>A {@link RetryTemplate} named {@code cloacinaRetryTemplate} with
 * {@link TransientDataAccessFailures#retryPolicy()}, unless a bean of that name exists. It is not a
 * default candidate: inject it by name ({@code @Qualifier("cloacinaRetryTemplate")}), so that a
 * {@code RetryTemplate} of the application's own is still the one injected by type.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { CloacinaDataSourceAutoConfiguration.class, CloacinaDialectAutoConfiguration.class },
		before = { JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class })
@ConditionalOnClass({ JdbcTemplate.class, RetryTemplate.class })
public final class CloacinaJdbcExceptionTranslationAutoConfiguration {

	@Bean(defaultCandidate = false)
	@ConditionalOnMissingBean(name = "cloacinaRetryTemplate")
	RetryTemplate cloacinaRetryTemplate() {
		return new RetryTemplate(TransientDataAccessFailures.retryPolicy());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ConfiguredDatabaseBackend.class)
	@ConditionalOnMissingBean(SQLExceptionTranslator.class)
	static class ExceptionTranslatorConfiguration {

		@Bean
		SQLExceptionTranslator cloacinaSqlExceptionTranslator(ConfiguredDatabaseBackend configured) {
			return BackendComponents.of(configured).exceptionTranslator();
		}

		@Bean
		JdbcTransactionManagerExceptionTranslatorCustomizer cloacinaJdbcTransactionManagerCustomizer(
				SQLExceptionTranslator cloacinaSqlExceptionTranslator) {
			return new JdbcTransactionManagerExceptionTranslatorCustomizer(cloacinaSqlExceptionTranslator);
		}

	}

	/**
	 * Gives Spring Boot's {@link JdbcTransactionManager} the starter's translator, so that a failed
	 * commit or rollback is translated as a failed statement is.
	 */
	static final class JdbcTransactionManagerExceptionTranslatorCustomizer
			implements TransactionManagerCustomizer<JdbcTransactionManager> {

		private final SQLExceptionTranslator translator;

		JdbcTransactionManagerExceptionTranslatorCustomizer(SQLExceptionTranslator translator) {
			this.translator = translator;
		}

		@Override
		public void customize(JdbcTransactionManager transactionManager) {
			transactionManager.setExceptionTranslator(this.translator);
		}

	}

}
