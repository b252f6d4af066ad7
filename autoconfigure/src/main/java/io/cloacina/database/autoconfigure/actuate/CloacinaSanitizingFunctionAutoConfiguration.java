package io.cloacina.database.autoconfigure.actuate;

import io.cloacina.database.actuate.CloacinaSanitizingFunction;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link CloacinaSanitizingFunction}, which keeps the starter's passwords
 * out of the actuator's {@code env} and {@code configprops} endpoints, also with
 * {@code show-values=always}. A bean of your own named {@code cloacinaSanitizingFunction} replaces it.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class CloacinaSanitizingFunctionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cloacinaSanitizingFunction")
	CloacinaSanitizingFunction cloacinaSanitizingFunction() {
		return new CloacinaSanitizingFunction();
	}

}
