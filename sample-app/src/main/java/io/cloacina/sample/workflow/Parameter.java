package io.cloacina.sample.workflow;

/**
 * A whole-number setting a workflow reads from its execution context, with the range it accepts: a
 * request whose context gives another value is refused before anything runs.
 *
 * @param name the key in the context
 * @param min the smallest value accepted
 * @param max the largest value accepted
 * @param defaultValue the value when the context does not give one
 * @param description what it does
 */
public record Parameter(String name, long min, long max, long defaultValue, String description) {

	public Parameter {
		if (min > max || defaultValue < min || defaultValue > max) {
			throw new IllegalArgumentException("Parameter " + name + ": need min <= default <= max");
		}
	}

}
