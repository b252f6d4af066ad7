package io.cloacina.database.autoconfigure;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.UrlMasking;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when Spring Boot owns the data source ({@code spring.datasource.url} set,
 * {@code cloacina.database.url} not) and its URL is a PostgreSQL or SQLite JDBC URL.
 */
class OnBootDataSourceBackendCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Spring Boot DataSource backend");
		Environment environment = context.getEnvironment();
		if (StringUtils.hasText(environment.getProperty("cloacina.database.url"))) {
			return ConditionOutcome.noMatch(message.because("cloacina.database.url is set"));
		}
		String url = environment.getProperty("spring.datasource.url");
		if (!StringUtils.hasText(url)) {
			return ConditionOutcome.noMatch(message.didNotFind("spring.datasource.url").atAll());
		}
		return DatabaseBackend.fromJdbcUrl(url)
			.map((backend) -> ConditionOutcome.match(message.because("spring.datasource.url is a " + backend + " URL")))
			.orElseGet(() -> ConditionOutcome.noMatch(
					message.because("spring.datasource.url '" + UrlMasking.mask(url) + "' is neither PostgreSQL nor SQLite")));
	}

}
