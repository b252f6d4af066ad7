package io.cloacina.database.autoconfigure;

import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Owner;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Resolution;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when Spring Boot builds the data source ({@code spring.datasource.url} set,
 * {@code cloacina.database.url} not, by {@link DatabaseBackendResolver}'s rule) and its URL is a
 * PostgreSQL or SQLite JDBC URL.
 */
class OnBootDataSourceBackendCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Spring Boot DataSource backend");
		Resolution resolution = DatabaseBackendResolver.resolve(context.getEnvironment(), context.getBeanFactory());
		if (resolution.owner() != Owner.SPRING_BOOT) {
			return ConditionOutcome.noMatch(message.because("the data source is not Spring Boot's: " + resolution.source()));
		}
		return (resolution.backend() != null)
				? ConditionOutcome.match(message.found("database").items(resolution.source()))
				: ConditionOutcome.noMatch(message.because(resolution.source()));
	}

}
