package io.cloacina.database.autoconfigure;

import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Owner;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Resolution;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the starter builds the data source, by {@link DatabaseBackendResolver}'s rule:
 * connection details, {@code cloacina.database.url}, or neither it nor {@code spring.datasource.url}
 * (the in-memory SQLite default).
 */
class OnCloacinaDataSourceCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Cloacina DataSource");
		Resolution resolution = DatabaseBackendResolver.resolve(context.getEnvironment(), context.getBeanFactory());
		return (resolution.owner() == Owner.STARTER)
				? ConditionOutcome.match(message.found("database").items(resolution.source()))
				: ConditionOutcome.noMatch(message.because(resolution.source()));
	}

}
