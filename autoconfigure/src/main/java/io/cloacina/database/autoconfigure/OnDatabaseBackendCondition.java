package io.cloacina.database.autoconfigure;

import java.util.Map;

import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.autoconfigure.DatabaseBackendResolver.Resolution;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnDatabaseBackend}: decides by {@link DatabaseBackendResolver}
 * from the configuration.
 */
class OnDatabaseBackendCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnDatabaseBackend.class.getName());
		DatabaseBackend required = (DatabaseBackend) attributes.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnDatabaseBackend.class,
				"(" + required + ")");
		Resolution resolution = DatabaseBackendResolver.resolve(context.getEnvironment(), context.getBeanFactory());
		DatabaseBackend backend = resolution.backend();
		if (backend == null) {
			return ConditionOutcome.noMatch(message.because("the backend is not known from the configuration: "
					+ resolution.source() + " (a database named by connection details is known only when the data "
					+ "source is created: choose inside the bean, from ConfiguredDatabaseBackend)"));
		}
		String found = "backend " + backend + " from " + resolution.source();
		return (backend == required) ? ConditionOutcome.match(message.found("configured").items(found))
				: ConditionOutcome.noMatch(message.found("configured").items(found));
	}

}
