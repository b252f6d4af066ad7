package io.cloacina.database;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the database configuration cannot work: the message says what was wrong and
 * {@link #getAction()} what is accepted instead. Messages never contain a password.
 *
 * @since 0.1.0
 */
public class DatabaseConfigurationException extends IllegalArgumentException {

	private final String action;

	/**
	 * Create a new exception.
	 * @param message what is wrong (no password in it)
	 * @param action what the user can do about it
	 */
	public DatabaseConfigurationException(String message, String action) {
		this(message, action, null);
	}

	/**
	 * Create a new exception with a cause.
	 * @param message what is wrong (no password in it)
	 * @param action what the user can do about it
	 * @param cause the exception that made it known, or {@code null}
	 */
	public DatabaseConfigurationException(String message, String action, @Nullable Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	/**
	 * What the user can do about it, for example the accepted forms.
	 * @return the suggested action
	 */
	public String getAction() {
		return this.action;
	}

}
