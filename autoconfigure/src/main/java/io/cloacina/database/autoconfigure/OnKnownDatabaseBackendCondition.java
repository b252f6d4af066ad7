package io.cloacina.database.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the configuration names a PostgreSQL or SQLite backend, whichever it is: the bean
 * then picks its variant when it is created, so that an application processed ahead of time (AOT)
 * with one backend still runs on the other.
 */
class OnKnownDatabaseBackendCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Known database backend");
		OnDatabaseBackendCondition.Determined determined = OnDatabaseBackendCondition.determine(context);
		return (determined.backend() != null)
				? ConditionOutcome.match(message.found("configured")
					.items("backend " + determined.backend() + " from " + determined.source()))
				: ConditionOutcome.noMatch(message.because(determined.source()));
	}

}
