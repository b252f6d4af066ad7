package io.cloacina.database.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the starter should build the data source: {@code cloacina.database.url} is set, or
 * neither it nor {@code spring.datasource.url} is (the in-memory SQLite default).
 */
class OnCloacinaDataSourceCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Cloacina DataSource");
		Environment environment = context.getEnvironment();
		if (StringUtils.hasText(environment.getProperty("cloacina.database.url"))) {
			return ConditionOutcome.match(message.foundExactly("cloacina.database.url"));
		}
		if (context.getBeanFactory() != null && context.getBeanFactory()
			.getBeanNamesForType(CloacinaConnectionDetails.class, true, false).length > 0) {
			return ConditionOutcome.match(message.found("bean").items(CloacinaConnectionDetails.class.getSimpleName()));
		}
		if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			return ConditionOutcome
				.noMatch(message.because("spring.datasource.url is set and cloacina.database.url is not"));
		}
		return ConditionOutcome
			.match(message.because("neither cloacina.database.url nor spring.datasource.url is set: in-memory SQLite"));
	}

}
